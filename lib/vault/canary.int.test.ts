// A canary secret goes in through the vault and must never come out: not in any column of any
// table, not in any log line, not in any error, also when the key provider or the database fails.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/audit";
import { connections } from "@/lib/db/schema";
import { createLogger } from "@/lib/log";
import { openCredential, sealCredential, shredCredential, VaultError } from "@/lib/vault";
import { LOCAL_KEY_TEXTS, type KeyProvider } from "@/lib/vault/key-provider";
import { rewrapAll } from "@/lib/vault/rewrap";
import { setKeyProvider, setVaultLogger } from "@/lib/vault/state";
import { createConnections, createWorkspace, newKey, providerOf } from "@/lib/vault/test-fixtures";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const canary = `CANARY-${randomBytes(16).toString("hex")}`;
const canaryId = `CANARYID-${randomBytes(8).toString("hex")}`;
/** The forms a leaked canary could take: as text, as bytes rendered by Postgres (hex), base64. */
const forms = (s: string) => [s, Buffer.from(s).toString("hex"), Buffer.from(s).toString("base64").slice(0, 24)];
const actor: Actor = { type: "end_user", id: "session_1" };
const [keyA, keyB] = [newKey("a"), newKey("b")];

let t: TestDatabase;
let ws: string;
let conns: string[];
const logLines: string[] = [];
const errors: string[] = [];
const consoleOut: string[] = [];

function captureError(e: unknown): VaultError {
  errors.push(String(e), (e as Error)?.stack ?? "", JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }));
  expect(e).toBeInstanceOf(VaultError);
  return e as VaultError;
}
async function fails(p: Promise<unknown>): Promise<VaultError> {
  return captureError(await p.then(() => new Error("did not fail"), (e: unknown) => e));
}
const values = () => ({ clientId: canaryId, clientSecret: canary });
const seal = (connectionId: string) => sealCredential(t.db, { workspaceId: ws, connectionId, provider: "personio", values: values(), fingerprintField: "clientSecret", actor });

async function dumpEverything(): Promise<{ text: string; tables: string[] }> {
  const { rows } = await t.db.execute<{ s: string; n: string }>(sql`
    select table_schema as s, table_name as n from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`);
  let text = "";
  for (const { s, n } of rows) {
    const dump = await t.db.execute<{ r: string }>(sql.raw(`select t::text as r from "${s}"."${n}" t`));
    text += dump.rows.map((r) => r.r).join("\n") + "\n";
  }
  return { text, tables: rows.map((r) => `${r.s}.${r.n}`) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ws = await createWorkspace(t.db);
  conns = await createConnections(t.db, ws, 6);
  setKeyProvider(providerOf(keyA));
  setVaultLogger(
    createLogger({
      level: "trace",
      destination: new Writable({
        write(chunk, _e, cb) {
          logLines.push(String(chunk));
          cb();
        },
      }),
    }),
  );
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      consoleOut.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  setVaultLogger(undefined);
  setKeyProvider(undefined);
  await t?.drop();
});

describe("the canary", () => {
  it("case 01: goes through every vault path", async () => {
    const [c0, c1, c2, c3, c4] = conns as [string, string, string, string, string];
    // Sealed in a save transaction, opened, re-sealed, rotated, shredded.
    await t.db.transaction((tx) => sealCredential(tx, { workspaceId: ws, connectionId: c0, provider: "personio", values: values(), fingerprintField: "clientSecret", actor }));
    await seal(c1);
    await seal(c1);
    const opened = await openCredential(t.db, { workspaceId: ws, connectionId: c0, actor, reason: "sync" });
    expect(opened.clientSecret!.reveal()).toBe(canary);
    logLines.push(JSON.stringify({ opened }), inspect(opened)); // what a careless caller might log
    setKeyProvider(providerOf(keyB, keyA));
    expect((await rewrapAll(t.db, providerOf(keyB, keyA))).rewrapped).toBe(2);
    await seal(c4);
    await t.db.transaction((tx) => shredCredential(tx, { workspaceId: ws, connectionId: c4, actor }));

    // Error paths: wrong workspace, tampered copy, unknown key, bad input, shredded.
    expect((await fails(openCredential(t.db, { workspaceId: "ws_other", connectionId: c0, actor, reason: "x" }))).problem).toBe("not_found");
    await seal(c2);
    await t.db.execute(sql`update credentials set ciphertext = (select ciphertext from credentials where connection_id = ${c1}) where connection_id = ${c2}`);
    expect((await fails(openCredential(t.db, { workspaceId: ws, connectionId: c2, actor, reason: "x" }))).problem).toBe("integrity");
    setKeyProvider(providerOf(newKey("z")));
    expect((await fails(openCredential(t.db, { workspaceId: ws, connectionId: c0, actor, reason: "x" }))).problem).toBe("unknown_key");
    setKeyProvider(providerOf(keyB, keyA));
    expect((await fails(sealCredential(t.db, { workspaceId: ws, connectionId: c3, provider: "personio", values: { clientSecret: canary, n: 5 as unknown as string }, actor }))).problem).toBe(
      "invalid_input",
    );
    expect((await fails(openCredential(t.db, { workspaceId: ws, connectionId: c4, actor, reason: "x" }))).problem).toBe("shredded");
  });

  it("case 12: does not leak when the key provider fails, even one that echoes its input", async () => {
    const seen: string[] = [];
    const failing: KeyProvider = {
      name: "flaky-kms",
      ...LOCAL_KEY_TEXTS,
      activeKeyId: () => "kms-1",
      keyIds: () => ["kms-1"],
      wrap: async (dataKey) => {
        seen.push(dataKey.toString("hex"), dataKey.toString("base64"));
        throw new Error(`KMS 503 while wrapping ${dataKey.toString("hex")} / ${dataKey.toString("base64")}`);
      },
      unwrap: async () => {
        throw new Error("KMS 503");
      },
    };
    setKeyProvider(failing);
    const e = await fails(seal(conns[3]!));
    expect(e.problem).toBe("key_provider");
    expect(e.message).toContain('"flaky-kms"');
    expect(seen.length).toBe(2);
    for (const s of seen) for (const text of [...errors, ...logLines]) expect(text).not.toContain(s);
    setKeyProvider(providerOf(keyB, keyA));
  });

  it("case 12: does not leak when the database write fails (the rejection even quotes the whole row)", async () => {
    const target = conns[5]!;
    await t.db.execute(
      sql.raw(`create function canary_reject() returns trigger language plpgsql as $$ begin raise exception 'rejected row %', NEW::text; end $$;
        create trigger canary_reject before insert or update on credentials for each row when (NEW.connection_id = '${target}') execute function canary_reject();`),
    );
    const inTx = await fails(t.db.transaction((tx) => sealCredential(tx, { workspaceId: ws, connectionId: target, provider: "personio", values: values(), actor })));
    expect(inTx.problem).toBe("store_failed");
    const direct = await fails(seal(target));
    expect(direct.problem).toBe("store_failed");
    expect(direct.pgCode).toBe("P0001");
    expect(logLines.some((l) => l.includes("storing the sealed credential failed"))).toBe(true);
  });

  // pg_dump sees everything a backup holds (sequences, the migration journal, pg-boss's schema too).
  it.skipIf(testDbKind() !== "postgres")("case 14: pg_dump of the whole database holds no canary", () => {
    // The newest installed client (Debian keeps one per major version), else the one on PATH.
    const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b)) : [];
    const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin/pg_dump`).filter((f) => fs.existsSync(f)).at(-1) ?? "pg_dump";
    const dump = execFileSync(bin, ["--no-owner", "--dbname", t.url], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    expect(dump).toContain("credential.opened");
    expect(dump).toContain("CREATE TABLE public.credentials");
    for (const secret of [canary, canaryId]) for (const form of [...forms(secret), encodeURIComponent(secret)]) expect(dump, "pg_dump").not.toContain(form);
  });

  it("case 01, 12: is absent from every column of every table, every log line and every error", async () => {
    const control = `CONTROL-${randomBytes(8).toString("hex")}`;
    await t.db.update(connections).set({ accountLabel: control }).where(sql`id = ${conns[0]!}`);
    await t.db.execute(sql`create table canary_control_bytes (b bytea)`);
    await t.db.execute(sql`insert into canary_control_bytes values (${Buffer.from(control)})`);
    const { text, tables } = await dumpEverything();
    expect(tables).toEqual(expect.arrayContaining(["public.credentials", "public.audit_log", "public.connections", "public.canary_control_bytes"]));
    // The dump sees what is stored: the control string, as text and as bytes.
    expect(text).toContain(control);
    expect(text).toContain(Buffer.from(control).toString("hex"));
    expect(text).toContain("credential.opened");
    expect(errors.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(3);
    for (const secret of [canary, canaryId]) {
      for (const form of forms(secret)) {
        expect(text, "database dump").not.toContain(form);
        for (const line of logLines) expect(line, "log line").not.toContain(form);
        for (const err of errors) expect(err, "error").not.toContain(form);
        for (const out of consoleOut) expect(out, "console").not.toContain(form);
      }
    }
  });
});
