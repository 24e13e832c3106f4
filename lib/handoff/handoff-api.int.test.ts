import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { auditLog, connections, events, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { listEvents } from "@/lib/handoff/feed";
import { proxyCall } from "@/lib/connections/passthrough";
import { validateProxyPath } from "@/lib/providers/passthrough";
import { relayBatch, ensureHandoffQueues } from "@/lib/handoff/relay";
import { reportStatus } from "@/lib/handoff/status";
import { createLogger } from "@/lib/log";
import { justworksPermissionIds } from "@/lib/providers/justworks/permissions";
import { createJustworksState } from "@/lib/providers/justworks/state";
import { createBoss } from "@/lib/queue";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_ATTRIBUTES, PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { sealCredential } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import type PgBoss from "pg-boss";
import { forgetAll } from "@/lib/rate-limit";

const kind = testDbKind();
const CLIENT = "personio-handoff-test";
// The canary: the client secret the sandbox accepts (shared by its clients) must never come back.
const SECRET = PERSONIO_SANDBOX_SECRET;

describe(`credentials passthrough, status intake and feed on ${kind}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let boss: PgBoss;
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", destination: new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) }) });

  beforeAll(async () => {
    t = await createTestDatabase();
    PERSONIO_SANDBOX_CLIENTS[CLIENT] = { areas: ["employees", "attendances", "absences", "documents"], attributes: [...PERSONIO_SANDBOX_ATTRIBUTES] };
    sandbox = await serveSandbox(createPersonioSandbox());
    setEnvOverrides({ PERSONIO_API_URL: sandbox.url, PROXY_RATE_LIMIT_PER_MINUTE: "1000" });
    await t.db.insert(workspaces).values([{ id: "ws_api", slug: "api", name: "API" }]);
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({
        id: "conn_p1",
        workspaceId: "ws_api",
        endUserId: "cust-1",
        provider: "personio",
        requiredScopes: ["employees", "absences"],
        optionalScopes: [],
        scopeResults: { employees: { status: "granted", required: true }, absences: { status: "granted", required: true } },
      });
      await sealCredential(tx, { workspaceId: "ws_api", connectionId: "conn_p1", provider: "personio", values: { clientId: CLIENT, clientSecret: SECRET }, actor: systemActor });
    });
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await ensureHandoffQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await sandbox?.close();
    delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
    await t?.drop();
  });

  it("the passthrough reads the first page of employees with the sealed credential, never returning the secret", async () => {
    const res = await proxyCall(t.db, {
      workspaceId: "ws_api",
      connectionId: "conn_p1",
      request: { method: "GET", path: "/v1/company/employees", query: { limit: 5 }, headers: { authorization: "Bearer attacker", cookie: "x=1", accept: "application/json" } },
      actor: { type: "api_key", id: "key_test" },
      logger,
    });
    expect(res.status).toBe(200);
    expect((res.body as { success: boolean }).success).toBe(true);
    expect(JSON.stringify(res)).not.toContain(SECRET);
    const sent = sandbox.exchanges.filter((e) => e.path === "/v1/company/employees").at(-1)!;
    expect(sent.query).toContain("limit=5");
    expect(JSON.stringify(sent.requestHeaders ?? {})).not.toContain("attacker");
    expect(logLines.join("\n")).not.toContain(SECRET);
    expect(logLines.join("\n")).toContain("/v1/company/employees");
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, "conn_p1"));
    expect(audits.map((a) => a.action)).toContain("connection.proxy");
    expect(JSON.stringify(audits)).not.toContain(SECRET);
  });

  it.each([
    "//evil.example.com/x",
    "/v1/../../admin",
    "/v1/%2e%2e/%2e%2e/admin",
    "/v1/%252e%252e/admin",
    "/v1/company%2fevil",
    "@evil.example.com/x",
    "/@evil.example.com",
    "/v1/x@evil.example.com",
    "http://evil.example.com/x",
    "https:/evil.example.com",
    "/http://evil.example.com",
    "/v1/x?redirect=1",
    "/v1\\..\\admin",
    "/v1/x\r\nHost: evil",
    "v1/company/employees",
    "/%2f%2fevil.example.com",
  ])("refuses the path %j before any call", async (path) => {
    const before = sandbox.stats.requests;
    expect(() => validateProxyPath(path)).toThrow(/not allowed/);
    await expect(
      proxyCall(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", request: { method: "GET", path }, actor: { type: "api_key", id: "key_test" }, logger }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(sandbox.stats.requests).toBe(before);
  });

  it("the passthrough is rate limited per connection", async () => {
    // The counter is shared (table rate_limits) and the calls above spent it: start a fresh window.
    await forgetAll("proxy");
    setEnvOverrides({ PROXY_RATE_LIMIT_PER_MINUTE: "2" });
    try {
      const call = () => proxyCall(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", request: { method: "GET", path: "/v1/company/employees" }, actor: { type: "api_key", id: "k" } });
      await call();
      await call();
      await expect(call()).rejects.toMatchObject({ code: "rate_limited" });
    } finally {
      setEnvOverrides({ PROXY_RATE_LIMIT_PER_MINUTE: "1000" });
    }
  });

  it("another workspace cannot use the connection", async () => {
    await t.db.insert(workspaces).values([{ id: "ws_other", slug: "other", name: "Other" }]);
    await expect(
      proxyCall(t.db, { workspaceId: "ws_other", connectionId: "conn_p1", request: { method: "GET", path: "/v1/company/employees" }, actor: { type: "api_key", id: "k" } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("a sync status report is stored and emits one event per change", async () => {
    await reportStatus(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", report: { status: "syncing" }, actor: systemActor });
    await reportStatus(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", report: { status: "syncing" }, actor: systemActor });
    const after = await reportStatus(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", report: { status: "healthy", message: "42 employees synced" }, actor: systemActor });
    expect(after).toMatchObject({ syncStatus: "healthy", syncMessage: "42 employees synced" });
    const evs = await t.db.select().from(events).where(eq(events.type, "connection.sync_status_changed"));
    expect(evs.map((e) => e.payload.sync_status)).toEqual(["syncing", "healthy"]);
  });

  it("Justworks: the sync backend reports the invitation accepted, then which permissions are granted", async () => {
    await t.db.insert(workspaces).values({ id: "ws_jw", slug: "jw", name: "JW" });
    await t.db.insert(connections).values({
      id: "conn_jw",
      workspaceId: "ws_jw",
      endUserId: "c9",
      provider: "justworks",
      status: "pending",
      providerState: createJustworksState({ serviceUser: { firstName: "Latchkey", email: "latchkey+x@latchkey.test" } }) as unknown as Record<string, unknown>,
    });
    await reportStatus(t.db, { workspaceId: "ws_jw", connectionId: "conn_jw", report: { justworks: { invitation_accepted: true } }, actor: systemActor });
    const partial = await reportStatus(t.db, {
      workspaceId: "ws_jw",
      connectionId: "conn_jw",
      report: { status: "error", message: "cannot read invoices", justworks: { granted_permissions: ["manage_employees", "view_all_employee_information"] } },
      actor: systemActor,
    });
    expect(partial.status).toBe("needs_attention");
    expect((partial.providerState as { state: string }).state).toBe("permissions_missing");
    const all = await reportStatus(t.db, {
      workspaceId: "ws_jw",
      connectionId: "conn_jw",
      report: { status: "healthy", justworks: { granted_permissions: [...justworksPermissionIds] } },
      actor: systemActor,
    });
    expect(all).toMatchObject({ status: "active", syncStatus: "healthy" });
    const types = (await t.db.select().from(events).where(eq(events.connectionId, "conn_jw"))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["justworks.invitation_accepted", "justworks.permissions_missing", "justworks.verified", "connection.sync_status_changed"]));
    await expect(
      reportStatus(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", report: { justworks: { invitation_accepted: true } }, actor: systemActor }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("the feed shows relayed events in commit order and pages with a cursor", async () => {
    await reportStatus(t.db, { workspaceId: "ws_api", connectionId: "conn_p1", report: { status: "error", message: "token refused" }, actor: systemActor });
    while ((await relayBatch(boss)) > 0);
    const page1 = await listEvents(t.db, "ws_api", { limit: 2 });
    expect(page1.data.map((e) => (e.data as { sync_status?: string }).sync_status)).toEqual(["syncing", "healthy"]);
    expect(page1.has_more).toBe(true);
    const page2 = await listEvents(t.db, "ws_api", { limit: 2, after: page1.next_cursor! });
    expect(page2.data.map((e) => (e.data as { sync_status?: string }).sync_status)).toEqual(["error"]);
    expect(page2.has_more).toBe(false);
    const page3 = await listEvents(t.db, "ws_api", { limit: 2, after: page2.next_cursor! });
    expect(page3.data).toEqual([]);
    expect(page3.next_cursor).toBe(page2.next_cursor);
    expect(await listEvents(t.db, "ws_other", { limit: 10 })).toMatchObject({ data: [] });
  });
});
