import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { auditLog, credentials } from "@/lib/db/schema";
import { ConfigError, loadEnv } from "@/lib/env";
import { openCredential, sealCredential, shredCredential, VaultError } from "@/lib/vault";
import { createConnections, createWorkspace, newKey, providerOf } from "@/lib/vault/test-fixtures";
import { countByKek } from "@/lib/vault/registry";
import { initVault } from "@/lib/vault/startup";
import { setKeyProvider } from "@/lib/vault/state";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const staff: Actor = { type: "staff", id: "staff_1", ip: "127.0.0.1" };
const keyA = newKey("a");
const keyB = newKey("b");
let t: TestDatabase;
let ws1: string;
let ws2: string;
let conns: string[];
let otherWsConn: string;

const values = { accessKey: "AK-0123456789", secretAccessKey: "SAK-abcdefghijklmnopqrstuv" };
const reveal = (v: Record<string, { reveal(): string }>) => Object.fromEntries(Object.entries(v).map(([k, s]) => [k, s.reveal()]));
const open = (connectionId: string, workspaceId = ws1) => openCredential(t.db, { workspaceId, connectionId, actor: staff, reason: "test" });
const seal = (connectionId: string, v: Record<string, string> = values, workspaceId = ws1) =>
  sealCredential(t.db, { workspaceId, connectionId, provider: "hrworks", values: v, fingerprintField: "secretAccessKey", actor: staff });
const sealedColumns = async (connectionId: string) => {
  const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, connectionId));
  return { kekId: row!.kekId, wrappedKey: row!.wrappedKey, iv: row!.iv, tag: row!.tag, ciphertext: row!.ciphertext };
};
async function problemOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(VaultError);
  return (e as VaultError).problem;
}

beforeAll(async () => {
  t = await createTestDatabase();
  ws1 = await createWorkspace(t.db, "One");
  ws2 = await createWorkspace(t.db, "Two");
  conns = await createConnections(t.db, ws1, 6, "hrworks");
  otherWsConn = (await createConnections(t.db, ws2, 1, "hrworks"))[0]!;
});
afterAll(async () => {
  setKeyProvider(undefined);
  await t?.drop();
});
beforeEach(() => setKeyProvider(providerOf(keyA)));

describe("vault with a database", () => {
  it("case 37: seals, stores and opens; each open writes an audit entry (who, which connection, why)", async () => {
    const c = conns[0]!;
    const sealed = await seal(c);
    expect(sealed).toEqual({ version: 1, fingerprint: "stuv" });
    const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, c));
    expect(row).toMatchObject({ workspaceId: ws1, provider: "hrworks", version: 1, kekId: "a", fingerprint: "stuv", shreddedAt: null });
    expect(row!.iv).toHaveLength(12);
    expect(row!.tag).toHaveLength(16);
    expect(Buffer.concat([row!.ciphertext!, row!.wrappedKey!]).toString("latin1")).not.toContain("SAK-abc");

    const opened = await openCredential(t.db, { workspaceId: ws1, connectionId: c, actor: staff, reason: "support ticket 42" });
    expect(reveal(opened)).toEqual(values);
    expect(JSON.stringify(opened)).not.toContain("SAK-");
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, c), eq(auditLog.action, "credential.opened")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ workspaceId: ws1, actorType: "staff", actorId: "staff_1", ip: "127.0.0.1", reason: "support ticket 42", targetType: "connection" });
    expect(JSON.stringify(audits)).not.toContain("SAK-");
  });

  it("re-sealing bumps the version and replaces the sealed value", async () => {
    const c = conns[1]!;
    await seal(c);
    const v2 = await seal(c, { ...values, secretAccessKey: "SAK-second-value-000111" });
    expect(v2.version).toBe(2);
    expect(reveal(await open(c)).secretAccessKey).toBe("SAK-second-value-000111");
    expect(await t.db.$count(credentials, eq(credentials.connectionId, c))).toBe(1);
  });

  it("is tenant-scoped: another workspace cannot open or seal the connection", async () => {
    const c = conns[0]!;
    expect(await problemOf(open(c, ws2))).toBe("not_found");
    expect(await problemOf(seal(c, values, ws2))).toBe("not_found");
    expect(reveal(await open(c))).toEqual(values);
  });

  it("case 02, 05: rejects sealed columns copied onto another connection, another workspace's connection, or an older version restored", async () => {
    const [one, two, three] = [conns[2]!, conns[3]!, conns[4]!];
    await seal(one, { ...values, secretAccessKey: "SAK-one-one-one-one" });
    await seal(two, { ...values, secretAccessKey: "SAK-two-two-two-two" });
    await seal(otherWsConn, values, ws2);
    const fromOne = await sealedColumns(one);

    await t.db.update(credentials).set(fromOne).where(eq(credentials.connectionId, two));
    expect(await problemOf(open(two))).toBe("integrity");

    await t.db.update(credentials).set(fromOne).where(eq(credentials.connectionId, otherWsConn));
    expect(await problemOf(open(otherWsConn, ws2))).toBe("integrity");

    await seal(three, { ...values, secretAccessKey: "SAK-version-one-old" });
    const v1 = await sealedColumns(three);
    await seal(three, { ...values, secretAccessKey: "SAK-version-two-new" });
    await t.db.update(credentials).set(v1).where(eq(credentials.connectionId, three));
    expect(await problemOf(open(three))).toBe("integrity");

    // The source row is untouched and still opens: the rejections are about the copies.
    expect(reveal(await open(one)).secretAccessKey).toBe("SAK-one-one-one-one");
    const failed = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, two), eq(auditLog.action, "credential.open_failed")));
    expect(failed).toHaveLength(1);
  });

  it("crypto-shredding destroys the key for good while the history stays", async () => {
    const c = conns[5]!;
    await seal(c);
    await t.db.transaction((tx) => shredCredential(tx, { workspaceId: ws1, connectionId: c, actor: staff }));
    const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, c));
    expect(row).toMatchObject({ kekId: null, wrappedKey: null, iv: null, tag: null, ciphertext: null, version: 1, fingerprint: "stuv" });
    expect(row!.shreddedAt).toBeInstanceOf(Date);
    const e = await open(c).then(() => undefined, (err: unknown) => err as VaultError);
    expect(e?.problem).toBe("shredded");
    expect(e?.status).toBe(410);
    expect(await problemOf(seal(c))).toBe("shredded");
    // Idempotent, and the audit trail keeps the seal and the shred.
    await shredCredential(t.db, { workspaceId: ws1, connectionId: c, actor: staff });
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, c))).map((a) => a.action);
    expect(actions.filter((a) => a === "credential.shredded")).toHaveLength(1);
    expect(actions).toContain("credential.sealed");
  });

  it("case 10: reports a KEK id missing from the keyring clearly, and start-up refuses such a keyring", async () => {
    const c = conns[0]!;
    setKeyProvider(providerOf(keyB));
    const e = await open(c).then(() => undefined, (err: unknown) => err as VaultError);
    expect(e?.problem).toBe("unknown_key");
    expect(e?.message).toMatch(/connection conn_\w+ .*key-encryption key "a", which is not in the keyring/);

    const env = (keys: string) => loadEnv({ DATABASE_URL: t.url, LATCHKEY_DEMO: "true", LATCHKEY_MASTER_KEYS: keys, NODE_ENV: "test" });
    const err = await initVault(env(keyB), t.db).then(() => undefined, (x: unknown) => x as Error);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(/stored credentials are sealed under key id "a", which is not in the keyring/);
    for (const k of [keyA, keyB]) expect(err!.message).not.toContain(k.split(":")[1]!.slice(0, 12));
    // With the key back in the keyring (behind the new one) start-up succeeds.
    const provider = await initVault(env(`${keyB},${keyA}`), t.db);
    expect(provider.activeKeyId()).toBe("b");
    expect(await countByKek(t.db)).toMatchObject({ a: expect.any(Number) });
    expect(reveal(await open(c))).toEqual(values);
  });
});
