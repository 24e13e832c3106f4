// Issue 17: the live views' poll endpoints are read-only and authorized exactly like the pages they
// serve. The connection page's (GET /dashboard/api/connections/{id}/live) answers any role of the
// connection's workspace and 404 to an account of another workspace; the delivery log's
// (GET /dashboard/api/workspaces/{ws}/webhooks/{endpoint}/deliveries) answers admins of the
// workspace only. Neither answer carries a secret (the signing secret, an audit entry's details).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit";
import { insertStaff } from "@/lib/db/queries/staff";
import { connections, webhookDeliveries, workspaces } from "@/lib/db/schema";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// The signed-in account, as next-auth's session would name it; the role and the scope come from
// the database on every request (lib/auth/staff.ts), which is what is under test.
const session = vi.hoisted(() => ({ id: null as string | null }));
vi.mock("@/auth", () => ({ sessionStaff: async () => (session.id ? { id: session.id, signedInAt: Date.now() } : null) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-latchkey-client-ip": "203.0.113.17" }) }));

const live = await import("../api/connections/[id]/live/route");
const deliveries = await import("../api/workspaces/[workspaceId]/webhooks/[endpointId]/deliveries/route");
const { createWebhookEndpointOp } = await import("./settings");

const getLive = (id: string) => live.GET(new Request(`http://app.test/dashboard/api/connections/${id}/live`), { params: Promise.resolve({ id }) });
const getDeliveries = (workspaceId: string, endpointId: string) =>
  deliveries.GET(new Request(`http://app.test/dashboard/api/workspaces/${workspaceId}/webhooks/${endpointId}/deliveries`), { params: Promise.resolve({ workspaceId, endpointId }) });

describe(`the live views' poll endpoints (${testDbKind()})`, () => {
  let t: TestDatabase;
  const staff: Record<string, string> = {};
  let signingSecret = "";
  let endpointId = "";

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values([
      { id: "ws_a", slug: "alpha", name: "Alpha" },
      { id: "ws_b", slug: "beta", name: "Beta" },
    ]);
    await t.db.insert(connections).values([{ id: "conn_a1", workspaceId: "ws_a", endUserId: "acme-1", endUserName: "Acme", provider: "personio", status: "needs_attention" }]);
    await recordAudit(t.db, { workspaceId: "ws_a", actor: { type: "system" }, action: "connection.rechecked", target: { type: "connection", id: "conn_a1" }, details: { note: "audit-details-stay-on-the-server" } });
    for (const [name, role, workspaceIds] of [
      ["viewerA", "viewer", ["ws_a"]],
      ["adminA", "admin", ["ws_a"]],
      ["supportB", "support", ["ws_b"]],
      ["adminB", "admin", ["ws_b"]],
      ["adminAll", "admin", null],
    ] as const) {
      staff[name] = (await insertStaff(t.db, { email: `${name}@support.test`, role, passwordHash: null, workspaceIds: workspaceIds ? [...workspaceIds] : null })).id;
    }
    const created = await createWebhookEndpointOp({ id: staff.adminAll!, email: "adminAll@support.test", name: null, role: "admin", workspaceIds: null, ip: null, userAgent: null }, "ws_a", {
      url: "https://hooks.alpha.example/in",
    });
    signingSecret = created.secret;
    endpointId = created.id;
    await t.db.insert(webhookDeliveries).values({ id: "wd_1", workspaceId: "ws_a", endpointId, eventId: "evt_1", attempt: 1, statusCode: 200, durationMs: 12, succeeded: true });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("the connection page's poll: any role of the workspace reads it; another workspace's account gets 404, like the page; no session 401", async () => {
    session.id = staff.viewerA!;
    const ok = await getLive("conn_a1");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const body = await ok.text();
    expect(JSON.parse(body)).toMatchObject({ status: "needs_attention", lastCheckedAt: null, state: null });
    expect(JSON.parse(body).timeline).toContainEqual(expect.objectContaining({ kind: "audit", action: "connection.rechecked" }));
    // The page shows no audit details; the poll carries none either.
    expect(body).not.toContain("audit-details-stay-on-the-server");

    for (const other of ["supportB", "adminB"]) {
      session.id = staff[other]!;
      const res = await getLive("conn_a1");
      expect(res.status, other).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such connection." } });
    }
    // The same answer as a connection that does not exist, or an id that cannot be one.
    expect((await getLive("conn_nope")).status).toBe(404);
    expect((await getLive("not an id!")).status).toBe(404);
    session.id = null;
    expect((await getLive("conn_a1")).status).toBe(401);
  });

  it("the delivery log's poll: admins of the workspace only, like the settings page; never the signing secret", async () => {
    session.id = staff.adminA!;
    const ok = await getDeliveries("ws_a", endpointId);
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(JSON.parse(body)).toEqual([expect.objectContaining({ id: "wd_1", event_id: "evt_1", attempt: 1, status_code: 200, succeeded: true })]);
    expect(signingSecret).toMatch(/^whsec_/);
    expect(body).not.toContain(signingSecret);
    expect(body).not.toContain(signingSecret.slice("whsec_".length));

    session.id = staff.adminB!;
    expect((await getDeliveries("ws_a", endpointId)).status).toBe(404);
    // Its own workspace, another workspace's endpoint: not found either.
    expect((await getDeliveries("ws_b", endpointId)).status).toBe(404);
    session.id = staff.viewerA!;
    expect((await getDeliveries("ws_a", endpointId)).status).toBe(403);
    session.id = null;
    expect((await getDeliveries("ws_a", endpointId)).status).toBe(401);
  });
});
