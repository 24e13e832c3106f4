import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { listAuditEntries } from "@/lib/db/queries/audit";
import {
  countConnectionsByStatus,
  getConnectionDetail,
  getConnectionTimeline,
  listConnections,
  listFlowFailures,
} from "@/lib/db/queries/dashboard";
import {
  checkRuns,
  connections,
  connectSessions,
  credentials,
  events,
  sessionEvents,
  staffUsers,
  webhookDeliveries,
  webhookEndpoints,
  workspaces,
  type NewConnection,
} from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const base = new Date("2026-06-01T12:00:00.000Z");
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);

function conn(i: number, over: Partial<NewConnection> = {}): NewConnection {
  return {
    id: `conn_${String(i).padStart(4, "0")}`,
    workspaceId: "ws_a",
    endUserId: `cust-${i}`,
    endUserName: `Person ${i}`,
    endUserEmail: `p${i}@a.example`,
    provider: "hrworks",
    status: "active",
    createdAt: at(i),
    ...over,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(workspaces).values([
    { id: "ws_a", slug: "a", name: "Alpha" },
    { id: "ws_b", slug: "b", name: "Beta" },
  ]);
  const rows: NewConnection[] = [];
  for (let i = 1; i <= 30; i++) rows.push(conn(i, { status: i % 5 === 0 ? "needs_attention" : "active", provider: i % 2 ? "hrworks" : "personio" }));
  rows.push(conn(31, { workspaceId: "ws_b", endUserId: "beta-user", endUserName: "Müller GmbH", endUserEmail: "hr@mueller.example", accountLabel: "Müller Holding" }));
  rows.push(conn(32, { status: "deleted", deletedAt: at(40), endUserName: "Gone Person" }));
  rows.push(conn(33, { endUserId: "odd_%_id", endUserName: "Percent" }));
  await t.db.insert(connections).values(rows);
  // Three connections created within the same millisecond, differing in microseconds: keyset
  // pagination must neither skip nor repeat them.
  await t.pool.query(
    `insert into connections (id, workspace_id, end_user_id, provider, status, created_at)
     values ('conn_us_1','ws_b','us-1','personio','active','2026-07-01T00:00:00.000100Z'),
            ('conn_us_2','ws_b','us-2','personio','active','2026-07-01T00:00:00.000200Z'),
            ('conn_us_3','ws_b','us-3','personio','active','2026-07-01T00:00:00.000300Z')`,
  );
});

afterAll(async () => {
  await t.drop();
});

describe("listConnections", () => {
  it("pages through everything by keyset, newest first, without gaps or repeats (even within a millisecond)", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listConnections>> = await listConnections(t.db, {}, { cursor, limit: 4 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.slice(0, 3)).toEqual(["conn_us_3", "conn_us_2", "conn_us_1"]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(35); // 36 rows minus the deleted one
    expect(seen).not.toContain("conn_0032");
  });

  it("scopes to one workspace and filters by provider, status and creation date", async () => {
    const b = await listConnections(t.db, { workspaceId: "ws_b" });
    expect(b.rows.map((r) => r.id).sort()).toEqual(["conn_0031", "conn_us_1", "conn_us_2", "conn_us_3"]);
    const attention = await listConnections(t.db, { status: "needs_attention" });
    expect(attention.rows.map((r) => r.id)).toEqual(["conn_0030", "conn_0025", "conn_0020", "conn_0015", "conn_0010", "conn_0005"]);
    const personio = await listConnections(t.db, { workspaceId: "ws_a", provider: "personio" });
    expect(personio.rows.every((r) => r.provider === "personio" && r.workspaceId === "ws_a")).toBe(true);
    expect(personio.rows).toHaveLength(15);
    const window = await listConnections(t.db, { from: at(10), to: at(13) });
    expect(window.rows.map((r) => r.id)).toEqual(["conn_0012", "conn_0011", "conn_0010"]);
    const deleted = await listConnections(t.db, { status: "deleted" });
    expect(deleted.rows.map((r) => r.id)).toEqual(["conn_0032"]);
  });

  it("searches the start of end-user id, name, e-mail and account label, case-insensitively", async () => {
    const ids = async (q: string, f = {}) => (await listConnections(t.db, { q, ...f })).rows.map((r) => r.id);
    expect(await ids("BETA-")).toEqual(["conn_0031"]);
    expect(await ids("müller g")).toEqual(["conn_0031"]);
    expect(await ids("HR@MUELLER")).toEqual(["conn_0031"]);
    expect(await ids("müller hold")).toEqual(["conn_0031"]);
    expect(await ids("person 1")).toEqual(["conn_0019", "conn_0018", "conn_0017", "conn_0016", "conn_0015", "conn_0014", "conn_0013", "conn_0012", "conn_0011", "conn_0010", "conn_0001"]);
    expect(await ids("müller", { workspaceId: "ws_a" })).toEqual([]);
    // LIKE wildcards in the search text are literal characters.
    expect(await ids("odd_%")).toEqual(["conn_0033"]);
    expect(await ids("%")).toEqual([]);
    expect(await ids("gmbh")).toEqual([]); // a prefix search: not a substring match
  });

  it("ignores a cursor that was tampered with instead of failing", async () => {
    const r = await listConnections(t.db, {}, { cursor: Buffer.from('{"t":"x\' or 1=1","id":"y"}').toString("base64url"), limit: 2 });
    expect(r.rows).toHaveLength(2);
  });
});

describe("countConnectionsByStatus", () => {
  it("counts per status under the same filters, the status filter aside", async () => {
    expect(await countConnectionsByStatus(t.db, { workspaceId: "ws_a" })).toEqual({ active: 25, needs_attention: 6, pending: 0, deleted: 1 });
    expect(await countConnectionsByStatus(t.db, { workspaceId: "ws_b", status: "active" })).toEqual({ active: 4, needs_attention: 0, pending: 0, deleted: 0 });
    expect(await countConnectionsByStatus(t.db, { q: "person 2" })).toMatchObject({ active: 9, needs_attention: 2 });
  });
});

describe("connection detail and timeline", () => {
  it("case 16: gathers every table's history into one ordered timeline, with no secret material", async () => {
    const id = "conn_0001";
    await t.db.insert(credentials).values({
      id: "cred_1",
      connectionId: id,
      workspaceId: "ws_a",
      provider: "hrworks",
      kekId: "k1",
      wrappedKey: Buffer.from("WRAPPED-KEY-CANARY"),
      iv: Buffer.alloc(12),
      tag: Buffer.alloc(16),
      ciphertext: Buffer.from("CIPHERTEXT-CANARY"),
      fingerprint: "…wxyz",
    });
    await t.db.insert(connectSessions).values({
      id: "cs_1",
      workspaceId: "ws_a",
      tokenHash: "TOKEN-HASH-CANARY",
      endUserId: "cust-1",
      expiresAt: at(100),
      createdAt: at(0.1),
      createdByApiKeyId: "key_1",
    });
    await t.db.insert(sessionEvents).values([
      { sessionId: "cs_1", workspaceId: "ws_a", type: "opened", createdAt: at(0.2) },
      { sessionId: "cs_1", workspaceId: "ws_a", type: "error", step: "check", code: "invalid_credentials", provider: "hrworks", createdAt: at(0.3) },
    ]);
    await t.db.insert(checkRuns).values([
      { id: "chk_1", workspaceId: "ws_a", sessionId: "cs_1", provider: "hrworks", trigger: "wizard", outcome: "invalid_credentials", authStatus: 401, durationMs: 120, createdAt: at(0.3) },
      {
        id: "chk_2",
        workspaceId: "ws_a",
        sessionId: "cs_1",
        connectionId: id,
        provider: "hrworks",
        trigger: "wizard",
        outcome: "ok",
        scopeResults: { employees: { status: "granted", required: true, providerStatus: 200 } },
        authStatus: 200,
        durationMs: 300,
        createdAt: at(0.4),
      },
    ]);
    await t.db.insert(events).values({ id: "evt_1", workspaceId: "ws_a", type: "connection.created", connectionId: id, payload: {}, createdAt: at(1.1), relayedAt: at(1.2) });
    await t.db.insert(webhookEndpoints).values({ id: "whe_1", workspaceId: "ws_a", url: "https://hooks.example/latchkey", secrets: [{ id: "whs_1", sealed: "SEALED-SECRET-CANARY", createdAt: "x" }] });
    await t.db.insert(webhookDeliveries).values({ id: "whd_1", workspaceId: "ws_a", endpointId: "whe_1", eventId: "evt_1", attempt: 1, statusCode: 500, succeeded: false, createdAt: at(1.3) });
    await t.db.insert(staffUsers).values({ id: "staff_1", email: "support@x.test", role: "admin", passwordHash: "PASSWORD-HASH-CANARY" });
    await recordAudit(t.db, { workspaceId: "ws_a", actor: { type: "staff", id: "staff_1" }, action: "connection.viewed", target: { type: "connection", id }, details: { note: "ok", apiKey: "AUDIT-DETAIL-CANARY" } });

    const detail = await getConnectionDetail(t.db, id);
    expect(detail?.credential).toMatchObject({ fingerprint: "…wxyz", version: 1, shreddedAt: null });
    expect(detail?.workspaceName).toBe("Alpha");
    const timeline = await getConnectionTimeline(t.db, id);
    expect(timeline.map((i) => i.kind)).toEqual(["session_created", "session_event", "session_event", "check", "check", "event", "handoff", "webhook", "audit"]);
    expect(timeline.find((i) => i.kind === "audit")).toMatchObject({ actor: "support@x.test", details: { note: "ok", apiKey: "[redacted]" } });
    expect(timeline.find((i) => i.kind === "webhook")).toMatchObject({ endpointUrl: "https://hooks.example/latchkey", statusCode: 500, succeeded: false });

    const everything = JSON.stringify({ detail, timeline, audit: await listAuditEntries(t.db, {}) });
    for (const canary of ["WRAPPED-KEY-CANARY", "CIPHERTEXT-CANARY", "TOKEN-HASH-CANARY", "SEALED-SECRET-CANARY", "PASSWORD-HASH-CANARY", "AUDIT-DETAIL-CANARY"]) {
      expect(everything).not.toContain(canary);
    }
    expect(await getConnectionDetail(t.db, "conn_missing")).toBeNull();
  });
});

describe("listFlowFailures", () => {
  it("lists sessions opened and never completed, with the last step and error, newest activity first", async () => {
    const now = new Date("2026-08-01T12:00:00Z");
    const s = (id: string, over: Partial<typeof connectSessions.$inferInsert>) => ({
      id,
      workspaceId: "ws_b",
      tokenHash: `hash_${id}`,
      endUserId: `eu_${id}`,
      expiresAt: new Date(now.getTime() + 3600_000),
      ...over,
    });
    await t.db.insert(connectSessions).values([
      s("cs_idle", { lastStep: "form", lastErrorCode: "invalid_credentials", lastActivityAt: new Date(now.getTime() - 45 * 60_000) }),
      s("cs_expired", { lastStep: "guide", lastActivityAt: new Date(now.getTime() - 5 * 60_000), expiresAt: new Date(now.getTime() - 60_000) }),
      s("cs_active", { lastStep: "form", lastActivityAt: new Date(now.getTime() - 2 * 60_000) }),
      s("cs_done", { lastStep: "result", lastActivityAt: new Date(now.getTime() - 90 * 60_000), usedAt: new Date(now.getTime() - 90 * 60_000) }),
      s("cs_never_opened", { expiresAt: new Date(now.getTime() - 60_000) }),
    ]);
    await t.db.insert(sessionEvents).values({ sessionId: "cs_idle", workspaceId: "ws_b", type: "step", step: "form", provider: "personio" });
    const r = await listFlowFailures(t.db, { workspaceId: "ws_b", idleMinutes: 30, now });
    expect(r.rows.map((x) => x.sessionId)).toEqual(["cs_expired", "cs_idle"]);
    expect(r.rows[1]).toMatchObject({ lastStep: "form", lastErrorCode: "invalid_credentials", lastProvider: "personio", endUserId: "eu_cs_idle" });
    expect(JSON.stringify(r)).not.toContain("hash_cs_");
    const paged = await listFlowFailures(t.db, { workspaceId: "ws_b", idleMinutes: 30, now, limit: 1 });
    expect(paged.rows.map((x) => x.sessionId)).toEqual(["cs_expired"]);
    const next = await listFlowFailures(t.db, { workspaceId: "ws_b", idleMinutes: 30, now, limit: 1, before: paged.nextCursor });
    expect(next.rows.map((x) => x.sessionId)).toEqual(["cs_idle"]);
    expect((await listFlowFailures(t.db, { workspaceId: "ws_a", now })).rows).toEqual([]);
  });
});

describe("listAuditEntries", () => {
  it("filters by workspace, actor (by e-mail), action prefix and target, newest first", async () => {
    await recordAudit(t.db, { workspaceId: "ws_b", actor: { type: "api_key", id: "key_b" }, action: "connect_session.created", target: { type: "connect_session", id: "cs_x" } });
    await recordAudit(t.db, { workspaceId: "ws_b", actor: { type: "staff", id: "staff_1" }, action: "connection.deleted", target: { type: "connection", id: "conn_0031" } });
    const b = await listAuditEntries(t.db, { workspaceId: "ws_b" });
    expect(b.rows.map((r) => r.action)).toEqual(["connection.deleted", "connect_session.created"]);
    expect((await listAuditEntries(t.db, { actor: "SUPPORT@x.test" })).rows.map((r) => r.action)).toEqual(["connection.deleted", "connection.viewed"]);
    expect((await listAuditEntries(t.db, { action: "connection." })).rows.every((r) => r.action.startsWith("connection."))).toBe(true);
    expect((await listAuditEntries(t.db, { targetId: "cs_x", actorType: "api_key" })).rows).toHaveLength(1);
    const first = await listAuditEntries(t.db, {}, { limit: 1 });
    const second = await listAuditEntries(t.db, {}, { limit: 1, beforeId: first.nextBeforeId });
    expect(second.rows[0]!.id).toBeLessThan(first.rows[0]!.id);
  });
});
