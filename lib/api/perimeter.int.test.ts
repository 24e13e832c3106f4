// Issue 14, the API's perimeter: withdrawing an unused connect session (case 24), and refused
// requests in the audit log with a per-key cap (cases 23, 36). Each test failed before its change.
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSessionState } from "@/app/(connect)/connect/[token]/load";
import { DELETE as revokeSession } from "@/app/api/v1/connect/sessions/[id]/route";
import { POST as createSession } from "@/app/api/v1/connect/sessions/route";
import { GET as getConnection } from "@/app/api/v1/connections/[id]/route";
import { DENIAL_AUDIT_LIMIT } from "@/lib/api/denials";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { markSessionUsed, resolveConnectSession } from "@/lib/connect/session";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { auditLog, connections, connectSessions, type Workspace } from "@/lib/db/schema";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const base = "http://localhost:3000";
const post = (body: unknown, key: string) =>
  new Request(`${base}/api/v1/connect/sessions`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } });
const del = (id: string, key: string) => new Request(`${base}/api/v1/connect/sessions/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
const get = (path: string, key: string) => new Request(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe(`API perimeter on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let a: Workspace;
  let b: Workspace;
  let keyA: string;
  let keyAId: string;
  let readOnlyA: string;
  let readOnlyAId: string;
  let keyB: string;
  let mark = 0;
  const audits = async (action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), gt(auditLog.id, mark)));

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await insertWorkspace(t.db, { name: "Vendor A", origins: ["https://a.example"] });
    b = await insertWorkspace(t.db, { name: "Vendor B", origins: ["https://b.example"] });
    const ka = await insertApiKey(t.db, { workspaceId: a.id, permissions: ["sessions:write", "connections:read"] });
    keyA = ka.key;
    keyAId = ka.apiKey.id;
    const ro = await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read"] });
    readOnlyA = ro.key;
    readOnlyAId = ro.apiKey.id;
    keyB = (await insertApiKey(t.db, { workspaceId: b.id, permissions: ["sessions:write", "connections:read"] })).key;
    await t.db.insert(connections).values({ id: "conn_b_secret", workspaceId: b.id, endUserId: "cust-b", provider: "hrworks" });
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    resetApiRateLimits();
    mark = (await t.pool.query<{ m: number }>("select coalesce(max(id), 0)::int as m from audit_log")).rows[0]!.m;
  });

  async function newSession(key = keyA): Promise<{ id: string; token: string }> {
    const res = await createSession(post({ end_user: { id: "cust-1" }, providers: ["hrworks"] }, key));
    expect(res.status).toBe(201);
    return res.json();
  }

  describe("DELETE /api/v1/connect/sessions/{id} (case 24)", () => {
    it("case 24: withdraws an unused session: the token opens nothing, the wizard says the link was withdrawn, a save fails", async () => {
      const s = await newSession();
      expect(s.id).toMatch(/^cs_/);
      const res = await revokeSession(del(s.id, keyA), params(s.id));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.id).toBe(s.id);
      const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, s.id));
      expect(row!.revokedAt?.toISOString()).toBe(body.revoked_at);
      await expect(resolveConnectSession(t.db, s.token)).rejects.toMatchObject({ code: "session_revoked", status: 410 });
      const state = await loadSessionState(t.db, s.token, null, "de");
      expect(state).toMatchObject({ kind: "error", code: "session_revoked", lang: "de" });
      await expect(t.db.transaction((tx) => markSessionUsed(tx, s.id))).rejects.toMatchObject({ code: "session_revoked" });
      expect(await audits("connect_session.revoked")).toHaveLength(1);
      // Idempotent: the same answer, the first revocation time.
      const again = await revokeSession(del(s.id, keyA), params(s.id));
      expect(again.status).toBe(200);
      expect((await again.json()).revoked_at).toBe(body.revoked_at);
    });

    it("refuses a used session with 409, and another workspace's session with 404 (audited as a denial)", async () => {
      const used = await newSession();
      await t.db.transaction((tx) => markSessionUsed(tx, used.id));
      const conflict = await revokeSession(del(used.id, keyA), params(used.id));
      expect(conflict.status).toBe(409);
      expect((await conflict.json()).error.code).toBe("conflict");

      const theirs = await newSession(keyB);
      const foreign = await revokeSession(del(theirs.id, keyA), params(theirs.id));
      expect(foreign.status).toBe(404);
      await expect(resolveConnectSession(t.db, theirs.token)).resolves.toBeTruthy();
      const denied = await audits("api.denied");
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ workspaceId: a.id, actorType: "api_key", actorId: keyAId, targetType: "connect_session", targetId: theirs.id });
      expect(denied[0]!.details).toMatchObject({ status: 404, code: "not_found", method: "DELETE", otherWorkspace: true });
      // Workspace B's id appears nowhere in A's audit row.
      expect(JSON.stringify(denied[0])).not.toContain(b.id);
    });

    it("needs sessions:write", async () => {
      const s = await newSession();
      const res = await revokeSession(del(s.id, readOnlyA), params(s.id));
      expect(res.status).toBe(403);
      await expect(resolveConnectSession(t.db, s.token)).resolves.toBeTruthy();
    });
  });

  describe("denials in the audit log (cases 23, 36)", () => {
    it("case 23, 36: a key lacking the permission (403) is audited as api.denied with its key, address and path", async () => {
      const res = await createSession(
        new Request(`${base}/api/v1/connect/sessions`, {
          method: "POST",
          body: JSON.stringify({ end_user: { id: "x" } }),
          headers: { "content-type": "application/json", authorization: `Bearer ${readOnlyA}`, "x-latchkey-client-ip": "203.0.113.77", "user-agent": "probe" },
        }),
      );
      expect(res.status).toBe(403);
      const denied = await audits("api.denied");
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ workspaceId: a.id, actorId: readOnlyAId, ip: "203.0.113.77", userAgent: "probe" });
      expect(denied[0]!.details).toMatchObject({ status: 403, code: "forbidden", method: "POST", path: "/api/v1/connect/sessions" });
    });

    it("case 23, 36: another workspace's connection is a 404 like a missing one, but only the former is audited", async () => {
      const foreign = await getConnection(get("/api/v1/connections/conn_b_secret", keyA), params("conn_b_secret"));
      const missing = await getConnection(get("/api/v1/connections/conn_nowhere", keyA), params("conn_nowhere"));
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(await foreign.json()).toEqual(await missing.json());
      const denied = await audits("api.denied");
      expect(denied.map((d) => d.targetId)).toEqual(["conn_b_secret"]);
    });

    it("a flood of denials writes at most the per-key cap of rows", async () => {
      const flood = await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read"] });
      for (let i = 0; i < DENIAL_AUDIT_LIMIT.points + 15; i++) {
        const res = await createSession(post({ end_user: { id: "x" } }, flood.key));
        expect(res.status).toBe(403);
      }
      const rows = (await audits("api.denied")).filter((r) => r.actorId === flood.apiKey.id);
      expect(rows).toHaveLength(DENIAL_AUDIT_LIMIT.points);
    });
  });
});
