// Issue 14, finding 1: no staff account can obtain a secret, or a key that can. Staff are scoped
// to workspaces (every dashboard read takes the account's scope: lists, counts, search, flow
// failures, the audit log, the workspace options; every operation refuses another workspace's
// object as not found), and `credentials:read` / `proxy:write` keys are refused by the dashboard
// whatever the page sent. Each assertion failed before (no scope existed; the key was created).
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit";
import { canManageStaff, hasRole, inScope, type Staff } from "@/lib/auth/staff";
import { apiKeys, auditLog, connections, connectSessions, workspaces } from "@/lib/db/schema";
import { countConnectionsByStatus, listConnections, listFlowFailures, listWorkspaceOptions } from "@/lib/db/queries/dashboard";
import { listAuditEntries } from "@/lib/db/queries/audit";
import { getStaffByEmail } from "@/lib/db/queries/staff";
import { parseWorkspaceScope } from "@/scripts/cli/staff-create";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

vi.mock("@/auth", () => ({ sessionStaff: async () => null }));

const { createApiKeyOp, updateWorkspaceSettingsOp } = await import("./settings");
const { createReconnectLinkOp, deleteConnectionOp } = await import("./operations");
const { addStaffOp } = await import("./staff");

const who = (role: Staff["role"], workspaceIds: string[] | null, id = `staff_${role}_${workspaceIds?.join("_") ?? "all"}`): Staff => ({
  id,
  email: `${id}@support.test`,
  name: null,
  role,
  workspaceIds,
  ip: "198.51.100.9",
  userAgent: "vitest",
});

describe(`staff scoped to workspaces (${testDbKind()})`, () => {
  let t: TestDatabase;
  let mark = 0;
  const audits = (action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), gt(auditLog.id, mark)));

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values([
      { id: "ws_a", slug: "alpha", name: "Alpha" },
      { id: "ws_b", slug: "beta", name: "Beta" },
    ]);
    const past = new Date(Date.now() - 3600_000);
    await t.db.insert(connections).values([
      { id: "conn_a1", workspaceId: "ws_a", endUserId: "acme-1", endUserName: "Acme", provider: "personio" },
      { id: "conn_a2", workspaceId: "ws_a", endUserId: "acme-2", endUserName: "Acme Two", provider: "hrworks", status: "needs_attention" },
      { id: "conn_b1", workspaceId: "ws_b", endUserId: "acme-b", endUserName: "Acme Beta", provider: "personio" },
    ]);
    await t.db.insert(connectSessions).values([
      { id: "cs_a", workspaceId: "ws_a", tokenHash: "a".repeat(64), endUserId: "acme-1", expiresAt: past, lastActivityAt: past },
      { id: "cs_b", workspaceId: "ws_b", tokenHash: "b".repeat(64), endUserId: "acme-b", expiresAt: past, lastActivityAt: past },
    ]);
    await recordAudit(t.db, { workspaceId: "ws_a", actor: { type: "system" }, action: "scope.test", target: { type: "connection", id: "conn_a1" } });
    await recordAudit(t.db, { workspaceId: "ws_b", actor: { type: "system" }, action: "scope.test", target: { type: "connection", id: "conn_b1" } });
    await recordAudit(t.db, { actor: { type: "system" }, action: "scope.test", target: { type: "staff", id: "staff_x" } });
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    mark = (await t.pool.query<{ m: number }>("select coalesce(max(id), 0)::int as m from audit_log")).rows[0]!.m;
  });

  it("the role model: viewer < support < admin; only an admin of every workspace manages staff", () => {
    expect([hasRole(who("viewer", null), "viewer"), hasRole(who("viewer", null), "support"), hasRole(who("viewer", null), "admin")]).toEqual([true, false, false]);
    expect([hasRole(who("support", null), "support"), hasRole(who("support", null), "admin")]).toEqual([true, false]);
    expect(hasRole(who("admin", ["ws_a"]), "admin")).toBe(true);
    expect(canManageStaff(who("admin", null))).toBe(true);
    expect(canManageStaff(who("admin", ["ws_a"]))).toBe(false);
    expect(canManageStaff(who("support", null))).toBe(false);
    expect([inScope(who("viewer", ["ws_a"]), "ws_a"), inScope(who("viewer", ["ws_a"]), "ws_b"), inScope(who("viewer", null), "ws_b")]).toEqual([true, false, true]);
  });

  it("case 16, 36: lists, counts, search, flow failures, audit entries and workspace options hold only the account's workspaces", async () => {
    const scoped = ["ws_a"];
    const list = await listConnections(t.db, { workspaceIds: scoped });
    expect(list.rows.map((r) => r.id).sort()).toEqual(["conn_a1", "conn_a2"]);
    // Search for a prefix every workspace has, and the other workspace asked for by name.
    expect((await listConnections(t.db, { workspaceIds: scoped, q: "acme" })).rows.map((r) => r.id).sort()).toEqual(["conn_a1", "conn_a2"]);
    expect((await listConnections(t.db, { workspaceIds: scoped, workspaceId: "ws_b" })).rows).toEqual([]);
    expect(await countConnectionsByStatus(t.db, { workspaceIds: scoped })).toMatchObject({ active: 1, needs_attention: 1 });
    expect(await countConnectionsByStatus(t.db, { workspaceIds: scoped, workspaceId: "ws_b" })).toMatchObject({ active: 0, needs_attention: 0 });
    expect((await listFlowFailures(t.db, { workspaceIds: scoped })).rows.map((r) => r.sessionId)).toEqual(["cs_a"]);
    expect((await listFlowFailures(t.db, { workspaceIds: scoped, workspaceId: "ws_b" })).rows).toEqual([]);
    const entries = await listAuditEntries(t.db, { workspaceIds: scoped, action: "scope.test" });
    expect(entries.rows.map((r) => r.targetId)).toEqual(["conn_a1"]);
    expect(await listWorkspaceOptions(t.db, scoped)).toEqual([{ id: "ws_a", name: "Alpha" }]);
    // An empty scope sees nothing; null sees everything.
    expect((await listConnections(t.db, { workspaceIds: [] })).rows).toEqual([]);
    expect((await listConnections(t.db, { workspaceIds: null })).rows).toHaveLength(3);
    expect((await listAuditEntries(t.db, { workspaceIds: null, action: "scope.test" })).rows).toHaveLength(3);
  });

  it("case 36: operations refuse another workspace's connection as not found, and the delete needs an admin", async () => {
    const supportA = who("support", ["ws_a"]);
    const link = await createReconnectLinkOp(supportA, "conn_a1", { hours: 2 });
    expect(link.url).toContain("/connect/");
    await expect(createReconnectLinkOp(supportA, "conn_b1", { hours: 2 })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteConnectionOp(who("admin", ["ws_a"]), "conn_b1", { confirm: "conn_b1" })).rejects.toMatchObject({ code: "not_found" });
    const [b1] = await t.db.select().from(connections).where(eq(connections.id, "conn_b1"));
    expect(b1!.deletedAt).toBeNull();
    await expect(updateWorkspaceSettingsOp(who("admin", ["ws_a"]), "ws_b", { defaultLanguage: "en", providerSettings: { justworks: { firstName: "Sync" } } })).rejects.toMatchObject({ code: "not_found" });
  });

  it("case 36: the dashboard refuses keys with credentials:read or proxy:write, audits the try, and still creates ordinary keys", async () => {
    const admin = who("admin", null);
    for (const permissions of [["credentials:read"], ["proxy:write"], ["sessions:write", "credentials:read"]] as const) {
      await expect(createApiKeyOp(admin, "ws_a", { name: "sneaky", permissions: [...permissions] })).rejects.toMatchObject({ code: "forbidden", problem: "operatorOnlyPermission" });
    }
    expect(await t.db.select().from(apiKeys).where(eq(apiKeys.name, "sneaky"))).toEqual([]);
    expect(await audits("api_key.create_refused")).toHaveLength(3);
    const ok = await createApiKeyOp(admin, "ws_a", { name: "sync", permissions: ["sessions:write", "connections:read"] });
    expect(ok.key).toMatch(/^lk_/);
    await expect(createApiKeyOp(who("admin", ["ws_b"]), "ws_a", { name: "x", permissions: ["sessions:write"] })).rejects.toMatchObject({ code: "not_found" });
  });

  it("staff are created with a scope, from the dashboard and the CLI's --workspaces (ids or slugs, or all)", async () => {
    const { member } = await addStaffOp(who("admin", null), { email: "scoped@support.test", role: "support", method: "password", workspaceIds: ["ws_b"] });
    expect(member).toMatchObject({ role: "support", workspaceIds: ["ws_b"] });
    expect((await getStaffByEmail(t.db, "scoped@support.test"))!.workspaceIds).toEqual(["ws_b"]);
    await expect(addStaffOp(who("admin", null), { email: "ghost@support.test", role: "viewer", method: "password", workspaceIds: ["ws_nope"] })).rejects.toMatchObject({ problem: "unknownWorkspace" });
    expect(await parseWorkspaceScope(t.db, "alpha,ws_b,alpha")).toEqual(["ws_a", "ws_b"]);
    expect(await parseWorkspaceScope(t.db, "all")).toBeNull();
    expect(await parseWorkspaceScope(t.db, undefined)).toBeNull();
    await expect(parseWorkspaceScope(t.db, "gamma")).rejects.toThrow(/no workspace "gamma"/);
  });
});
