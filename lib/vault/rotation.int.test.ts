// Key rotation under load, and a rewrap killed half-way (the real script, SIGKILLed) then re-run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { credentials } from "@/lib/db/schema";
import { contextOf, openCredential, sealCredential } from "@/lib/vault/credentials";
import { decodeValues, openEnvelope } from "@/lib/vault/envelope";
import { credentialKind } from "@/lib/vault/kinds";
import type { KeyProvider } from "@/lib/vault/key-provider";
import { rewrapAll } from "@/lib/vault/rewrap";
import { countByKek } from "@/lib/vault/registry";
import { setKeyProvider } from "@/lib/vault/state";
import { createConnections, createWorkspace, newKey, providerOf } from "@/lib/vault/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const N = 1000;
const actor: Actor = { type: "system", id: "rotation-test" };
const [keyA, keyB, keyC] = [newKey("key-a"), newKey("key-b"), newKey("key-c")];
let t: TestDatabase;
let ws: string;
let conns: string[];
/** What each connection's credential must open to. */
const expected = new Map<string, string>();

const seal = async (connectionId: string, secret: string) => {
  await sealCredential(t.db, { workspaceId: ws, connectionId, provider: "personio", values: { clientId: `id-${connectionId}`, clientSecret: secret }, actor });
  expected.set(connectionId, secret);
};
const openSecret = async (connectionId: string) =>
  (await openCredential(t.db, { workspaceId: ws, connectionId, actor, reason: "rotation test" })).clientSecret!.reveal();

/** Open every stored credential straight from its row with the given keyring; returns how many matched. */
async function openAll(provider: KeyProvider): Promise<number> {
  const rows = await t.db.select().from(credentials).where(inArray(credentials.connectionId, conns));
  let ok = 0;
  for (const row of rows) {
    const plain = await openEnvelope(provider, credentialKind, contextOf(row), { kekId: row.kekId!, wrappedKey: row.wrappedKey!, iv: row.iv!, tag: row.tag!, ciphertext: row.ciphertext! });
    if (decodeValues(plain).clientSecret!.reveal() === expected.get(row.connectionId)) ok++;
  }
  return ok;
}

beforeAll(async () => {
  t = await createTestDatabase();
  ws = await createWorkspace(t.db);
  conns = await createConnections(t.db, ws, N);
  setKeyProvider(providerOf(keyA));
  for (let i = 0; i < N; i += 20) await Promise.all(conns.slice(i, i + 20).map((c, j) => seal(c, `secret-${i + j}-v0-${"x".repeat(24)}`)));
});
afterAll(async () => {
  setKeyProvider(undefined);
  await t?.drop();
});

describe("key rotation", () => {
  it("case 08: rewraps 1,000 credentials to a new key while reads and writes continue, with zero failed reads", async () => {
    expect(await countByKek(t.db)).toEqual({ "key-a": N });
    const ab = providerOf(keyB, keyA);
    setKeyProvider(ab);

    let rewrapping = true;
    const load = { reads: 0, readsDuringRewrap: 0, writes: 0, failed: 0, errors: [] as string[] };
    // Two loops on disjoint halves, each alternating read and write, so `expected` is exact.
    const loop = async (part: number) => {
      let i = 0;
      while (rewrapping) {
        const c = conns[(Math.floor(Math.random() * (N / 2)) * 2 + part) % N]!;
        try {
          if (i++ % 4 === 3) {
            await seal(c, `secret-${c}-load-${i}-${"y".repeat(20)}`);
            load.writes++;
          } else {
            const got = await openSecret(c);
            load.reads++;
            if (rewrapping) load.readsDuringRewrap++;
            if (got !== expected.get(c)) throw new Error("read a wrong value");
          }
        } catch (e) {
          load.failed++;
          load.errors.push(e instanceof Error ? e.message : String(e));
        }
      }
    };
    const loops = [loop(0), loop(1)];
    let summary;
    try {
      summary = await rewrapAll(t.db, ab, { batchSize: 50, pauseMs: 5 });
    } finally {
      rewrapping = false;
      await Promise.all(loops);
    }
    expect(load.errors).toEqual([]);
    expect(load.failed).toBe(0);
    expect(load.readsDuringRewrap).toBeGreaterThan(20);
    expect(load.writes).toBeGreaterThan(5);
    expect(summary.failures).toEqual([]);
    expect(summary.rewrapped).toBeGreaterThan(0);
    expect(summary.rewrapped).toBeLessThanOrEqual(N);
    expect(summary.before).toEqual({ "key-a": N });
    expect(summary.after).toEqual({ "key-b": N });
    expect(await countByKek(t.db)).toEqual({ "key-b": N });

    // Remove key A: every credential still opens; new writes use B.
    setKeyProvider(providerOf(keyB));
    let opened = 0;
    for (const c of conns) if ((await openSecret(c)) === expected.get(c)) opened++;
    expect(opened).toBe(N);
    await seal(conns[0]!, "secret-after-rotation-zzzzzzzzzzzz");
    const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, conns[0]!));
    expect(row!.kekId).toBe("key-b");
  });

  it("case 09: a rewrap killed half-way resumes on the next run: nothing lost, nothing wrapped twice", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-rewrap-"));
    const env = {
      ...process.env,
      DATABASE_URL: t.url,
      LATCHKEY_DEMO: "true",
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_MASTER_KEYS: `${keyC},${keyB}`,
      LOG_LEVEL: "silent",
      NODE_ENV: "test" as const,
    };
    const run = (args: string[], killAfterBatches?: number) =>
      new Promise<{ out: string; code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        // One process (node with tsx's loader), not the tsx launcher: SIGKILL must hit the process doing the work.
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/vault-rewrap.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (killAfterBatches && (out.match(/^batch \d+:/gm) ?? []).length >= killAfterBatches) child.kill("SIGKILL");
        });
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("exit", (code, signal) => resolve({ out, code, signal }));
      });

    try {
      const killed = await run(["--batch-size", "50", "--pause-ms", "150"], 4);
      expect(killed.signal, killed.out).toBe("SIGKILL");
      const printed = [...killed.out.matchAll(/^batch \d+: (\d+) rewrapped/gm)].reduce((n, m) => n + Number(m[1]), 0);
      const half = await countByKek(t.db);
      // Truly half-way: some under the new key, the rest still under the old one.
      expect(half["key-c"]).toBeGreaterThanOrEqual(printed);
      expect(half["key-c"]).toBeGreaterThanOrEqual(200);
      expect(half["key-b"]).toBeGreaterThan(0);
      expect(half["key-c"]! + half["key-b"]!).toBe(N);
      expect(await openAll(providerOf(keyC, keyB))).toBe(N);

      const resumed = await run(["--batch-size", "50"]);
      expect(resumed.code, resumed.out).toBe(0);
      expect(resumed.out).toContain(`Done in`);
      const done = Number(/(\d+) rewrapped, \d+ changed meanwhile/.exec(resumed.out.split("Done in")[1]!)![1]);
      expect(done, resumed.out).toBe(half["key-b"]);
      expect(resumed.out).toContain(`After: "key-c" ${N}.`);
      expect(resumed.out).toMatch(/"key-b" any more: it can be removed/);
      expect(await countByKek(t.db)).toEqual({ "key-c": N });

      const again = await run(["--batch-size", "50"]);
      expect(again.code, again.out).toBe(0);
      expect(again.out).toMatch(/Done in [\d.]+ s: 0 rewrapped, 0 changed meanwhile \(already current\), 0 failed, in 0 batches/);

      // Only key C left: every credential opens to its exact value (a doubly wrapped key would not).
      expect(await openAll(providerOf(keyC))).toBe(N);
      const check = await run(["--check"]);
      expect(check.out).toContain(`Sealed credentials per key: "key-c" ${N}.`);
      for (const k of [keyA, keyB, keyC]) expect(killed.out + resumed.out + again.out + check.out).not.toContain(k.split(":")[1]!);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
