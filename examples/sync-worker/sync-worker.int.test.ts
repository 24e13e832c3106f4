// Runs the reference sync worker's logic against the real API route handlers: a saved connection
// becomes a `connection.ready` job, the worker reads the first page of employees through the
// passthrough and reports `healthy`, and never receives the secret.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { POST as proxyRoute } from "@/app/api/v1/connections/[id]/proxy/route";
import { POST as statusRoute } from "@/app/api/v1/connections/[id]/status/route";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import { systemActor } from "@/lib/audit";
import { apiKeys, connections, events, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { ensureHandoffQueues, relayBatch } from "@/lib/handoff/relay";
import { createBoss } from "@/lib/queue";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { sealCredential } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import { httpApi, LatchkeyApiError, syncConnection } from "./sync";

const KEY = "lk_synctest_0123456789abcdefghijklmnopqrstuvwxyz";

/** fetch() that dispatches to the route handlers, so no server is needed. */
const routeFetch: typeof fetch = async (input, init) => {
  const req = new Request(input as string, init);
  const m = /^\/api\/v1\/connections\/([^/]+)\/(proxy|status)$/.exec(new URL(req.url).pathname);
  if (!m) return new Response("no route", { status: 404 });
  const route = { params: Promise.resolve({ id: decodeURIComponent(m[1]!) }) };
  return m[2] === "proxy" ? proxyRoute(req, route) : statusRoute(req, route);
};

describe(`the reference sync worker on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let boss: PgBoss;
  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await serveSandbox(createPersonioSandbox());
    setEnvOverrides({ PERSONIO_API_URL: sandbox.url });
    await t.db.insert(workspaces).values({ id: "ws_sync", slug: "sync", name: "Sync" });
    await t.db.insert(apiKeys).values({ id: "key_sync", workspaceId: "ws_sync", name: "sync backend", prefix: "lk_sync", lastFour: "wxyz", hash: hashApiKey(KEY), permissions: ["credentials:read", "connections:write"] });
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({ id: "conn_sync", workspaceId: "ws_sync", endUserId: "c1", provider: "personio", scopeResults: { employees: { status: "granted", required: true } } });
      await sealCredential(tx, { workspaceId: "ws_sync", connectionId: "conn_sync", provider: "personio", values: { clientId: "personio-sandbox-all", clientSecret: PERSONIO_SANDBOX_SECRET }, actor: systemActor });
      await emitEvent(tx, { workspaceId: "ws_sync", type: "connection.created", connectionId: "conn_sync", payload: { provider: "personio" } });
    });
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await ensureHandoffQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await sandbox?.close();
    await t?.drop();
  });

  it("consumes connection.ready, reads employees through the passthrough and reports healthy", async () => {
    expect(await relayBatch(boss)).toBe(1);
    const [job] = await boss.fetch<{ connectionId: string; provider: string }>("connection.ready");
    expect(job!.data).toMatchObject({ connectionId: "conn_sync", provider: "personio" });
    const seen: string[] = [];
    const spyFetch: typeof fetch = async (input, init) => {
      const res = await routeFetch(input, init);
      seen.push(await res.clone().text());
      return res;
    };
    const result = await syncConnection(httpApi("http://latchkey.test", KEY, spyFetch), job!.data);
    expect(result.status).toBe("healthy");
    expect(result.employees).toBeGreaterThan(0);
    await boss.complete("connection.ready", job!.id);
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, "conn_sync"));
    expect(conn).toMatchObject({ syncStatus: "healthy" });
    expect(conn!.syncMessage).toMatch(/employees/);
    const changes = await t.db.select().from(events).where(eq(events.type, "connection.sync_status_changed"));
    expect(changes.map((e) => e.payload.sync_status)).toEqual(["syncing", "healthy"]);
    expect(seen.join("\n")).not.toContain(PERSONIO_SANDBOX_SECRET);
  });

  it("a connection deleted before its job runs answers 404 as a LatchkeyApiError (the worker skips it instead of retrying)", async () => {
    await t.db.insert(connections).values({ id: "conn_gone", workspaceId: "ws_sync", endUserId: "c2", provider: "personio", deletedAt: new Date() });
    const err = await syncConnection(httpApi("http://latchkey.test", KEY, routeFetch), { connectionId: "conn_gone", provider: "personio" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LatchkeyApiError);
    expect(err).toMatchObject({ status: 404 });
  });

  it("a key without credentials:read cannot use the passthrough", async () => {
    await t.db.update(apiKeys).set({ permissions: ["connections:write"] }).where(eq(apiKeys.id, "key_sync"));
    await expect(httpApi("http://latchkey.test", KEY, routeFetch).proxy("conn_sync", { method: "GET", path: "/v1/company/employees" })).rejects.toThrow(/403/);
  });
});
