// HashiCorp Vault / OpenBao transit as the key provider, against our transit simulator
// (test/transit-simulator.ts, written from the published API documentation) over real HTTP:
// seal under version 1, rotate, rewrap (inside transit), raise min_decryption_version, everything
// still opens; a wrong context is refused; the start-up key check; `npm run vault:rewrap`; and the
// move from the local keyring to transit.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { credentials } from "@/lib/db/schema";
import { ConfigError, loadEnv } from "@/lib/env";
import { contextOf, openCredential, sealCredential } from "@/lib/vault/credentials";
import { VaultError } from "@/lib/vault/errors";
import { credentialKind } from "@/lib/vault/kinds";
import { countByKek } from "@/lib/vault/registry";
import { rewrapAll } from "@/lib/vault/rewrap";
import { initVault } from "@/lib/vault/startup";
import { setKeyProvider } from "@/lib/vault/state";
import { createConnections, createWorkspace, newKey, providerOf } from "@/lib/vault/test-fixtures";
import { TransitKeyProvider } from "@/lib/vault/transit";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startTransitSimulator, type TransitSimulator } from "@/test/transit-simulator";

const actor: Actor = { type: "system", id: "transit-test" };
const N = 12;
let t: TestDatabase;
let sim: TransitSimulator;
let ws: string;
let conns: string[];
const expected = new Map<string, string>();

const transitEnv = (extra: Record<string, string> = {}) =>
  loadEnv({ DATABASE_URL: t.url, LATCHKEY_DEMO: "true", NODE_ENV: "test", LATCHKEY_KEY_PROVIDER: "vault-transit", LATCHKEY_VAULT_ADDR: sim.url, LATCHKEY_VAULT_TOKEN: sim.token, LATCHKEY_VAULT_TRANSIT_KEY: "latchkey", ...extra });
const seal = async (connectionId: string, secret: string) => {
  await sealCredential(t.db, { workspaceId: ws, connectionId, provider: "personio", values: { clientId: `id-${connectionId}`, clientSecret: secret }, actor });
  expected.set(connectionId, secret);
};
const openSecret = async (connectionId: string) => (await openCredential(t.db, { workspaceId: ws, connectionId, actor, reason: "transit test" })).clientSecret!.reveal();
const openedAll = async (ids = conns) => {
  let n = 0;
  for (const c of ids) if ((await openSecret(c)) === expected.get(c)) n++;
  return n;
};
async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  sim = await startTransitSimulator();
  sim.createKey("latchkey", { derived: true });
  ws = await createWorkspace(t.db);
  conns = await createConnections(t.db, ws, N);
});
afterAll(async () => {
  setKeyProvider(undefined);
  await sim?.close();
  await t?.drop();
});

describe("vault-transit key provider (transit simulator)", () => {
  it("case 08, 11: seals under version 1 with the row's context, rotates, rewraps inside transit, raises min_decryption_version: everything still opens", async () => {
    const provider = await initVault(transitEnv(), t.db);
    expect(provider.name).toBe("vault-transit");
    expect(provider.activeKeyId()).toBe("latchkey:v1");
    for (const [i, c] of conns.entries()) await seal(c, `transit-secret-${i}-${"s".repeat(20)}`);
    expect(await countByKek(t.db)).toEqual({ "latchkey:v1": N });

    // The data key layer's associated data went to transit as the derivation context, never a value.
    const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, conns[0]!));
    expect(row!.wrappedKey!.toString("utf8")).toMatch(/^vault:v1:/);
    const encrypts = sim.requests.filter((r) => r.path === "/v1/transit/encrypt/latchkey");
    expect(encrypts).toHaveLength(N);
    expect(encrypts.map((r) => Buffer.from(String(r.body.context), "base64").toString("utf8"))).toContain(credentialKind.associatedData("data-key", contextOf(row!)).toString("utf8"));
    for (const r of sim.requests) expect(JSON.stringify(r.body)).not.toContain("transit-secret-");

    // Rotate in the vault; this instance learns of version 2 at its next read or wrap.
    sim.rotate("latchkey");
    await provider.refresh!();
    expect(provider.activeKeyId()).toBe("latchkey:v2");
    expect(provider.keyIds()).toEqual(["latchkey:v2", "latchkey:v1"]);
    expect(await openedAll()).toBe(N);

    const before = sim.requests.length;
    const summary = await rewrapAll(t.db, provider, { batchSize: 5 });
    expect(summary.failures).toEqual([]);
    expect(summary.rewrapped).toBe(N);
    expect(summary.after).toEqual({ "latchkey:v2": N });
    // Transit's rewrap: the data keys never left the vault during the rotation.
    const during = sim.requests.slice(before).map((r) => r.path);
    expect(during.filter((p) => p === "/v1/transit/rewrap/latchkey")).toHaveLength(N);
    expect(during).not.toContain("/v1/transit/decrypt/latchkey");

    // Retire version 1: min_decryption_version 2. Every value still opens; a restart agrees.
    sim.configure("latchkey", { min_decryption_version: 2 });
    const restarted = await initVault(transitEnv(), t.db);
    expect(restarted.keyIds()).toEqual(["latchkey:v2"]);
    expect(await openedAll()).toBe(N);
    await seal(conns[0]!, "after-rotation-secret-xxxxxxxxxxxx");
    expect(await openSecret(conns[0]!)).toBe("after-rotation-secret-xxxxxxxxxxxx");
  });

  it("case 06: refuses a wrapped key presented with another row's context, and a kek_id that does not match the ciphertext", async () => {
    const provider = await initVault(transitEnv(), t.db);
    const [a, b] = await t.db.select().from(credentials).where(inArray(credentials.connectionId, conns.slice(0, 2)));
    const aadOf = (row: typeof a) => credentialKind.associatedData("data-key", contextOf(row!));
    // Direct: A's wrapped key with B's context.
    const direct = await failure(provider.unwrap(a!.kekId!, a!.wrappedKey!, aadOf(b)));
    expect(direct).toBeInstanceOf(VaultError);
    expect((direct as VaultError).problem).toBe("integrity");
    // Through the vault: A's sealed columns copied into B's row do not open.
    await t.db.update(credentials).set({ kekId: a!.kekId, wrappedKey: a!.wrappedKey, iv: a!.iv, tag: a!.tag, ciphertext: a!.ciphertext }).where(eq(credentials.id, b!.id));
    const copied = await failure(openSecret(b!.connectionId));
    expect((copied as VaultError).problem).toBe("integrity");
    // A kek_id changed beside the ciphertext.
    const swapped = await failure(provider.unwrap("latchkey:v3", a!.wrappedKey!, aadOf(a)));
    expect((swapped as VaultError).problem).toBe("integrity");
    await seal(b!.connectionId, "restored-secret-bbbbbbbbbbbbbbbb");
  });

  it("case 11: the start-up key check refuses values under a version below min_decryption_version, naming it and what to do", async () => {
    await initVault(transitEnv(), t.db);
    // A value still under version 2 when version 3 becomes the only decryptable one.
    sim.rotate("latchkey");
    sim.configure("latchkey", { min_decryption_version: 3 });
    const err = await failure(initVault(transitEnv(), t.db));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`stored credentials are sealed under key id "latchkey:v2", which the transit key no longer decrypts`);
    expect((err as Error).message).toContain("Lower min_decryption_version");
    // The runbook's order: lower, rewrap, raise.
    sim.configure("latchkey", { min_decryption_version: 2 });
    const provider = await initVault(transitEnv(), t.db);
    const summary = await rewrapAll(t.db, provider);
    expect(summary.after).toEqual({ "latchkey:v3": N });
    sim.configure("latchkey", { min_decryption_version: 3 });
    await initVault(transitEnv(), t.db);
    expect(await openedAll()).toBe(N);
  });

  it("a wrong token or a key without derivation stops the start with a message naming the setting", async () => {
    const bad = await failure(initVault(transitEnv({ LATCHKEY_VAULT_TOKEN: "not-the-token" }), t.db));
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).toMatch(/LATCHKEY_VAULT_TRANSIT_KEY .*refused the token .*HTTP 403/);
    expect((bad as Error).message).not.toContain("not-the-token");
    sim.createKey("plain", { derived: false });
    const plain = await failure(initVault(transitEnv({ LATCHKEY_VAULT_TRANSIT_KEY: "plain" }), t.db));
    expect((plain as Error).message).toContain("must be created with derived=true");
    expect(() => loadEnv({ NODE_ENV: "test", LATCHKEY_KEY_PROVIDER: "vault-transit" })).toThrow(/LATCHKEY_VAULT_ADDR: required[\s\S]*LATCHKEY_VAULT_TOKEN: required/);
  });

  it("case 08, 11: npm run vault:rewrap rotates under transit; the move from the local keyring re-wraps every value into transit", async () => {
    // Values sealed by the local keyring before the move.
    const local = newKey("k-local");
    const extra = await createConnections(t.db, ws, 3);
    setKeyProvider(providerOf(local));
    for (const c of extra) await seal(c, `local-era-${c}-${"l".repeat(16)}`);
    sim.rotate("latchkey"); // v4 becomes active

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-transit-"));
    const run = (vars: Record<string, string>) =>
      new Promise<{ out: string; code: number | null }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/vault-rewrap.ts"], {
          env: { ...process.env, DATABASE_URL: t.url, LATCHKEY_DEMO: "true", LATCHKEY_DATA_DIR: dataDir, LOG_LEVEL: "silent", NODE_ENV: "test", ...vars },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("exit", (code) => resolve({ out, code }));
      });
    const transitVars = { LATCHKEY_KEY_PROVIDER: "vault-transit", LATCHKEY_VAULT_ADDR: sim.url, LATCHKEY_VAULT_TOKEN: sim.token };
    try {
      const moved = await run({ ...transitVars, LATCHKEY_MASTER_KEYS: local });
      expect(moved.code, moved.out).toBe(0);
      expect(moved.out).toContain(`active key "latchkey:v4"`);
      expect(moved.out).toContain(`After: "latchkey:v4" ${N + 3}.`);
      expect(moved.out).toContain(`no value needs the local keyring: remove LATCHKEY_MASTER_KEYS. min_decryption_version of transit key "latchkey" can be raised to 4.`);
      expect(moved.out).not.toContain(sim.token);
      expect(moved.out).not.toContain(local.split(":")[1]!);
      expect(await countByKek(t.db)).toEqual({ "latchkey:v4": N + 3 });
      // The keyring can go: transit alone opens everything.
      sim.configure("latchkey", { min_decryption_version: 4 });
      await initVault(transitEnv(), t.db);
      expect(await openedAll([...conns, ...extra])).toBe(N + 3);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a provider whose cached version is behind learns the new one from the vault's answer", async () => {
    const a = new TransitKeyProvider({ address: sim.url, token: sim.token });
    await a.refresh();
    // (refreshEveryMs 0: B may read again at once; by default at most every 5 s.)
    const b = new TransitKeyProvider({ address: sim.url, token: sim.token, refreshEveryMs: 0 });
    await b.refresh();
    const v = sim.rotate("latchkey");
    setKeyProvider(a);
    await seal(conns[1]!, "sealed-by-instance-a-aaaaaaaaaaaa");
    expect(a.activeKeyId()).toBe(`latchkey:v${v}`);
    // Instance B still believes v-1 is the latest: it reads the key again and opens.
    setKeyProvider(b);
    expect(await openSecret(conns[1]!)).toBe("sealed-by-instance-a-aaaaaaaaaaaa");
    setKeyProvider(undefined);
  });
});
