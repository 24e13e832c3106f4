import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as createSession } from "@/app/api/v1/connect/sessions/route";
import { DELETE as deleteConnectionRoute, GET as getConnection } from "@/app/api/v1/connections/[id]/route";
import { GET as listConnections } from "@/app/api/v1/connections/route";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { hashSessionToken } from "@/lib/connect/session";
import { deleteConnection } from "@/lib/connections/delete";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { apiKeys, auditLog, connections, connectSessions, credentials, events, type Workspace } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

// The vault's shredding is its own engineer's (and tested there); here a stand-in that does what
// the contract says inside the given transaction, and can be made to fail to prove the rollback.
const vault = vi.hoisted(() => ({ fail: false }));
vi.mock("@/lib/vault", async () => {
  const { and, eq } = await import("drizzle-orm");
  const { credentials } = await import("@/lib/db/schema");
  return {
    shredCredential: async (tx: import("@/lib/db").DbOrTx, input: { workspaceId: string; connectionId: string }) => {
      await tx
        .update(credentials)
        .set({ wrappedKey: null, ciphertext: null, iv: null, tag: null, shreddedAt: new Date() })
        .where(and(eq(credentials.connectionId, input.connectionId), eq(credentials.workspaceId, input.workspaceId)));
      if (vault.fail) throw new Error("kms unavailable");
    },
  };
});

const base = "http://localhost:3000";
const json = (body: unknown, key?: string) =>
  new Request(`${base}/api/v1/connect/sessions`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
const get = (path: string, key: string) => new Request(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
const del = (path: string, key: string) => new Request(`${base}${path}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe(`vendor API on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let a: Workspace;
  let b: Workspace;
  let keyA: string; // every permission
  let readOnlyA: string;
  let keyB: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    a = await insertWorkspace(t.db, { name: "Vendor A", origins: ["https://a.example"] });
    b = await insertWorkspace(t.db, { name: "Vendor B", origins: ["https://b.example"] });
    keyA = (await insertApiKey(t.db, { workspaceId: a.id, permissions: ["sessions:write", "connections:read", "connections:write"] })).key;
    readOnlyA = (await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read"] })).key;
    keyB = (await insertApiKey(t.db, { workspaceId: b.id, permissions: ["sessions:write", "connections:read", "connections:write"] })).key;
    const now = Date.now();
    await t.db.insert(connections).values([
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `conn_a${i}`,
        workspaceId: a.id,
        endUserId: `cust-${i}`,
        provider: i % 2 ? "personio" : "hrworks",
        createdAt: new Date(now - i * 1000),
      })),
      { id: "conn_b0", workspaceId: b.id, endUserId: "cust-b", provider: "hrworks" },
    ]);
    await t.db.insert(credentials).values({
      id: "cred_a0",
      connectionId: "conn_a0",
      workspaceId: a.id,
      provider: "hrworks",
      kekId: "k1",
      wrappedKey: Buffer.from("wrapped"),
      iv: Buffer.alloc(12),
      tag: Buffer.alloc(16),
      ciphertext: Buffer.from("CANARY-CIPHERTEXT"),
      fingerprint: "…x7Qz",
    });
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await resetApiRateLimits();
    vault.fail = false;
  });

  describe("POST /api/v1/connect/sessions", () => {
    it("creates a session: 201 with token, url and expiry", async () => {
      const res = await createSession(json({ end_user: { id: "cust-1", name: "Müller GmbH", email: "hr@mueller.example" }, providers: ["personio"], scopes: ["employees"], provider_options: { personio: { attributes: ["first_name"] } }, language: "de" }, keyA));
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(Object.keys(body).sort()).toEqual(["expires_at", "id", "token", "url"]);
      expect(body.url).toBe(`${base}/connect/${body.token}`);
      const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.tokenHash, hashSessionToken(body.token)));
      expect(row).toMatchObject({ workspaceId: a.id, endUserId: "cust-1", providers: ["personio"], scopes: ["employees"], language: "de", link: "embed", providerOptions: { personio: { attributes: ["first_name"] } } });
      expect(new Date(body.expires_at).getTime()).toBe(row!.expiresAt.getTime());
    });

    it("case 37: writes one audit row carrying the request's id and the outcome", async () => {
      const req = json({ end_user: { id: "cust-audit" } }, keyA);
      req.headers.set("x-request-id", "req-audit-case-37");
      const res = await createSession(req);
      expect(res.status).toBe(201);
      expect(res.headers.get("x-request-id")).toBe("req-audit-case-37");
      const rows = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-audit-case-37"));
      expect(rows.map((r) => ({ action: r.action, outcome: r.outcome, workspaceId: r.workspaceId, actorType: r.actorType }))).toEqual([
        { action: "connect_session.created", outcome: "success", workspaceId: a.id, actorType: "api_key" },
      ]);
      expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("answers 401 without a key or with an unknown one", async () => {
      const none = await createSession(json({ end_user: { id: "x" } }));
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe("unauthorized");
      const wrong = await createSession(json({ end_user: { id: "x" } }, "lk_" + "A".repeat(43)));
      expect(wrong.status).toBe(401);
    });

    it("answers 403 when the key lacks sessions:write", async () => {
      const res = await createSession(json({ end_user: { id: "x" } }, readOnlyA));
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: "forbidden" });
    });

    it("answers 400 invalid_input naming each bad field", async () => {
      const res = await createSession(json({ end_user: { id: "" }, providers: ["workday"], scopes: ["payroll"], link: "popup", extra: 1 }, keyA));
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("invalid_input");
      expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["end_user.id", "providers.0", "scopes.0", "link"]));
      const ttl = await createSession(json({ end_user: { id: "x" }, link: "embed", expires_in: 7200 }, keyA));
      expect(ttl.status).toBe(400);
      expect((await ttl.json()).error.fields.expires_in).toBeTruthy();
      const both = await createSession(json({ end_user: { id: "x" }, scopes: ["employees"], optional_scopes: ["employees"] }, keyA));
      expect(both.status).toBe(400);
    });

    it("validates providers and scopes against the provider registry", async () => {
      // Personio has no departments permission: the customer could never pass that check.
      const res = await createSession(json({ end_user: { id: "x" }, providers: ["personio", "hrworks"], scopes: ["employees", "departments"] }, keyA));
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.fields.scopes).toEqual(["Personio cannot grant departments."]);
      const ats = await createSession(json({ end_user: { id: "x" }, scopes: ["ats.candidates", "attendances"] }, keyA));
      expect(ats.status).toBe(400);
      expect((await createSession(json({ end_user: { id: "x" }, providers: ["hrworks"], scopes: ["ats.candidates"] }, keyA))).status).toBe(201);
    });

    it("case 23: refuses a reconnect of another workspace's connection", async () => {
      const res = await createSession(json({ end_user: { id: "cust-b" }, connection_id: "conn_b0" }, keyA));
      expect(res.status).toBe(400);
      const ok = await createSession(json({ end_user: { id: "cust-b" }, connection_id: "conn_b0" }, keyB));
      expect(ok.status).toBe(201);
    });

    it("takes a reconnect's end user from the connection when the body names none; a new session still needs one", async () => {
      const res = await createSession(json({ connection_id: "conn_b0" }, keyB));
      expect(res.status).toBe(201);
      const { token } = await res.json();
      const [session] = await t.db.select().from(connectSessions).where(eq(connectSessions.tokenHash, hashSessionToken(token)));
      const [connection] = await t.db.select().from(connections).where(eq(connections.id, "conn_b0"));
      expect(session).toMatchObject({ mode: "reconnect", connectionId: "conn_b0", endUserId: connection!.endUserId });
      const fresh = await createSession(json({ providers: ["personio"] }, keyB));
      expect(fresh.status).toBe(400);
      expect((await fresh.json()).error.fields.end_user).toBeTruthy();
    });

    it("limits a key's session creations with 429 and Retry-After", async () => {
      let last: Response | undefined;
      for (let i = 0; i < 121; i++) last = await createSession(json({ end_user: { id: `burst-${i}` } }, keyB));
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await last!.json()).error.code).toBe("rate_limited");
      // Another key's budget is untouched.
      expect((await createSession(json({ end_user: { id: "x" } }, keyA))).status).toBe(201);
    });
  });

  describe("connections", () => {
    it("lists the workspace's connections newest first, with cursor pagination and filters", async () => {
      const first = await (await listConnections(get("/api/v1/connections?limit=2", keyA))).json();
      expect(first.data.map((c: { id: string }) => c.id)).toEqual(["conn_a0", "conn_a1"]);
      const second = await (await listConnections(get(`/api/v1/connections?limit=2&cursor=${first.next_cursor}`, keyA))).json();
      expect(second.data.map((c: { id: string }) => c.id)).toEqual(["conn_a2", "conn_a3"]);
      const third = await (await listConnections(get(`/api/v1/connections?limit=2&cursor=${second.next_cursor}`, keyA))).json();
      expect(third.data.map((c: { id: string }) => c.id)).toEqual(["conn_a4"]);
      expect(third.next_cursor).toBeNull();
      const personio = await (await listConnections(get("/api/v1/connections?provider=personio", keyA))).json();
      expect(personio.data.map((c: { id: string }) => c.id)).toEqual(["conn_a1", "conn_a3"]);
      const user = await (await listConnections(get("/api/v1/connections?end_user_id=cust-2", keyA))).json();
      expect(user.data.map((c: { id: string }) => c.id)).toEqual(["conn_a2"]);
      expect((await listConnections(get("/api/v1/connections?cursor=garbage", keyA))).status).toBe(400);
      expect((await listConnections(get("/api/v1/connections?limit=5000", keyA))).status).toBe(400);
    });

    it("case 23: isolates tenants: B sees neither A's list nor A's connection", async () => {
      const list = await (await listConnections(get("/api/v1/connections", keyB))).json();
      expect(list.data.map((c: { id: string }) => c.id)).toEqual(["conn_b0"]);
      const res = await getConnection(get("/api/v1/connections/conn_a0", keyB), params("conn_a0"));
      expect(res.status).toBe(404);
      const delRes = await deleteConnectionRoute(del("/api/v1/connections/conn_a0", keyB), params("conn_a0"));
      expect(delRes.status).toBe(404);
      const [still] = await t.db.select().from(connections).where(eq(connections.id, "conn_a0"));
      expect(still!.deletedAt).toBeNull();
    });

    it("returns one connection without secrets: only the fingerprint", async () => {
      const res = await getConnection(get("/api/v1/connections/conn_a0", keyA), params("conn_a0"));
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain("CANARY");
      expect(text).not.toMatch(/wrapped|ciphertext|kek/i);
      expect(JSON.parse(text)).toMatchObject({ id: "conn_a0", provider: "hrworks", end_user: { id: "cust-0" }, credential: { fingerprint: "…x7Qz", version: 1, shredded: false } });
    });

    it("needs connections:write to delete", async () => {
      const res = await deleteConnectionRoute(del("/api/v1/connections/conn_a1", readOnlyA), params("conn_a1"));
      expect(res.status).toBe(403);
    });

    it("deletes in one transaction: soft delete, shredding, event and audit", async () => {
      const res = await deleteConnectionRoute(del("/api/v1/connections/conn_a0", keyA), params("conn_a0"));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: "conn_a0", status: "deleted", credential: { shredded: true, fingerprint: null } });
      const [cred] = await t.db.select().from(credentials).where(eq(credentials.connectionId, "conn_a0"));
      expect(cred!.wrappedKey).toBeNull();
      expect(cred!.shreddedAt).toBeInstanceOf(Date);
      const evts = await t.db.select().from(events).where(eq(events.connectionId, "conn_a0"));
      expect(evts.map((e) => [e.type, e.workspaceId])).toEqual([["connection.deleted", a.id]]);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, "conn_a0"));
      // Workspace B's earlier tries at conn_a0 are there too, as denials by B's key in B's workspace.
      expect(audit.filter((e) => e.action !== "api.denied").map((e) => [e.action, e.actorType])).toEqual([["connection.deleted", "api_key"]]);
      expect(audit.filter((e) => e.action === "api.denied").every((e) => e.workspaceId === b.id)).toBe(true);
      // Gone from the default list, visible with status=deleted; deleting again is a 404.
      const list = await (await listConnections(get("/api/v1/connections", keyA))).json();
      expect(list.data.map((c: { id: string }) => c.id)).not.toContain("conn_a0");
      const deleted = await (await listConnections(get("/api/v1/connections?status=deleted", keyA))).json();
      expect(deleted.data.map((c: { id: string }) => c.id)).toEqual(["conn_a0"]);
      expect((await deleteConnectionRoute(del("/api/v1/connections/conn_a0", keyA), params("conn_a0"))).status).toBe(404);
    });

    it("leaves everything as it was when any part of the delete fails", async () => {
      await t.db.insert(credentials).values({ id: "cred_a2", connectionId: "conn_a2", workspaceId: a.id, provider: "hrworks", wrappedKey: Buffer.from("w"), ciphertext: Buffer.from("c") });
      vault.fail = true;
      await expect(deleteConnection(t.db, { workspaceId: a.id, connectionId: "conn_a2", actor: { type: "system" } })).rejects.toThrow("kms unavailable");
      const [conn] = await t.db.select().from(connections).where(eq(connections.id, "conn_a2"));
      expect(conn).toMatchObject({ deletedAt: null, status: "active" });
      const [cred] = await t.db.select().from(credentials).where(eq(credentials.connectionId, "conn_a2"));
      expect(cred!.shreddedAt).toBeNull();
      expect(cred!.wrappedKey).not.toBeNull();
      expect(await t.db.select().from(events).where(eq(events.connectionId, "conn_a2"))).toEqual([]);
      expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, "conn_a2"))).toEqual([]);
    });
  });

  it("writes an API key's last_used_at at most once a minute, not on every request", async () => {
    const { key, apiKey } = await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read"] });
    const lastUsed = async () => (await t.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, apiKey.id)))[0]!.at;
    expect((await listConnections(get("/api/v1/connections", key))).status).toBe(200);
    await vi.waitFor(async () => expect(await lastUsed()).toBeInstanceOf(Date));
    const first = (await lastUsed())!.getTime();
    for (let i = 0; i < 3; i++) expect((await listConnections(get("/api/v1/connections", key))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await lastUsed())!.getTime()).toBe(first);
    // Once the last write is over a minute old, the next request writes again.
    await t.db.update(apiKeys).set({ lastUsedAt: new Date(Date.now() - 61_000) }).where(eq(apiKeys.id, apiKey.id));
    expect((await listConnections(get("/api/v1/connections", key))).status).toBe(200);
    await vi.waitFor(async () => expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 10_000));
  });
});
