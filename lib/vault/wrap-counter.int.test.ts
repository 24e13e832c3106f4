// Case 7 across instances: the wrap count lives in the database, so two providers (two app
// instances) share it, concurrent wraps are each counted once, and sealing stops at the cap with
// its own message while opening still works.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kekWrapCounts } from "@/lib/db/schema";
import { loadEnv } from "@/lib/env";
import { openCredential, sealCredential, VaultError } from "@/lib/vault";
import { createConnections, createWorkspace, newKey } from "@/lib/vault/test-fixtures";
import { initVault } from "@/lib/vault/startup";
import { setKeyProvider } from "@/lib/vault/state";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const key = newKey("wk1");
// DATABASE_URL set: instances that count in the database as they wrap (on either test database).
const env = (limit: number) => loadEnv({ NODE_ENV: "test", LATCHKEY_DEMO: "true", DATABASE_URL: t.url, LATCHKEY_MASTER_KEYS: key, LATCHKEY_KEK_WRAP_LIMIT: String(limit) });
const actor = { type: "system" as const, id: "test" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  setKeyProvider(undefined);
  await t?.drop();
});

describe("wrap counter in the database", () => {
  it("case 07: counts every wrap of two instances once, refuses past the cap, and still opens", async () => {
    const ws = await createWorkspace(t.db);
    const conns = await createConnections(t.db, ws, 12, "hrworks");
    const a = await initVault(env(10), t.db);
    const b = await initVault(env(10), t.db); // a second instance, same database
    const aad = Buffer.from("aad");
    await Promise.all([...Array.from({ length: 4 }, () => a.wrap(Buffer.alloc(32, 1), aad)), ...Array.from({ length: 4 }, () => b.wrap(Buffer.alloc(32, 2), aad))]);
    const count = async () => (await t.db.select().from(kekWrapCounts).where(eq(kekWrapCounts.kekId, "wk1")))[0]?.wraps;
    expect(await count()).toBe(8);

    // initVault installed b as the process's provider: two credential seals reach the cap.
    const seal = (connectionId: string) =>
      sealCredential(t.db, { workspaceId: ws, connectionId, provider: "hrworks", values: { accessKey: "AK-1", secretAccessKey: "SAK-wrap-limit-test" }, fingerprintField: "secretAccessKey", actor });
    await seal(conns[0]!);
    await seal(conns[1]!);
    expect(await count()).toBe(10);
    const err = await seal(conns[2]!).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).problem).toBe("wrap_limit");
    expect((err as VaultError).message).toContain("LATCHKEY_KEK_WRAP_LIMIT");
    expect((err as VaultError).message).not.toContain(key.split(":")[1]!);

    const opened = await openCredential(t.db, { workspaceId: ws, connectionId: conns[0]!, actor, reason: "test" });
    expect(opened.secretAccessKey!.reveal()).toBe("SAK-wrap-limit-test");
    // A raised limit (or a new key) lets sealing continue from the shared count.
    // The refused attempt counted too (11): a count errs on the safe side.
    await initVault(env(12), t.db);
    await seal(conns[2]!);
    expect(await count()).toBe(12);
  });

  it("on the embedded database, a seal inside a transaction is counted after it, without waiting for a turn it cannot get", async () => {
    const ws = await createWorkspace(t.db);
    const conns = await createConnections(t.db, ws, 1, "hrworks");
    const embeddedEnv = loadEnv({ NODE_ENV: "test", LATCHKEY_DEMO: "true", LATCHKEY_MASTER_KEYS: `${newKey("wk2")},${key}`, LATCHKEY_KEK_WRAP_LIMIT: "100" });
    expect(embeddedEnv.embedded).toBe(true);
    await initVault(embeddedEnv, t.db);
    await t.db.transaction((tx) =>
      sealCredential(tx, { workspaceId: ws, connectionId: conns[0]!, provider: "hrworks", values: { accessKey: "AK-2", secretAccessKey: "SAK-deferred-count" }, fingerprintField: "secretAccessKey", actor }),
    );
    await expect.poll(async () => (await t.db.select().from(kekWrapCounts).where(eq(kekWrapCounts.kekId, "wk2")))[0]?.wraps).toBe(1);
  });
});
