import { beforeEach, describe, expect, it, vi } from "vitest";

// The guard reads the session (auth.ts), the account (database) and the request headers; each is
// replaced here so that the rules themselves are what is tested.
const session = vi.hoisted(() => ({ id: null as string | null }));
const accounts = vi.hoisted(
  () => new Map<string, { id: string; email: string; name: string | null; role: "viewer" | "support" | "admin"; workspaceIds?: string[] | null; disabledAt: Date | null; sessionsRevokedAt?: Date | null }>(),
);

const signedInAt = vi.hoisted(() => ({ value: 1_000 }));
vi.mock("@/auth", () => ({ sessionStaff: async () => (session.id ? { id: session.id, signedInAt: signedInAt.value } : null) }));
vi.mock("@/lib/db", () => ({ getDb: () => ({}) }));
const audited = vi.hoisted(() => [] as Array<{ action: string; actor: { id?: string | null }; details?: Record<string, unknown> }>);
vi.mock("@/lib/audit", () => ({ recordAudit: async (_db: unknown, entry: (typeof audited)[number]) => void audited.push(entry) }));
// The denial cap's counting is lib/rate-limit's (Postgres, tested in lib/rate-limit.int.test.ts);
// here a counter in memory stands in for it, so that what the guard does with it is tested.
vi.mock("@/lib/rate-limit", () => {
  const spent = new Map<string, number>();
  return {
    createBudget: (name: string, limit: { points: number }) => ({
      blockedFor: async () => 0,
      take: async (key: string | null) => {
        const k = `${name}:${key}`;
        spent.set(k, (spent.get(k) ?? 0) + 1);
        return spent.get(k)! <= limit.points;
      },
    }),
  };
});
vi.mock("@/lib/db/queries/staff", () => ({ getStaffById: async (_db: unknown, id: string) => accounts.get(id) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-latchkey-client-ip": "203.0.113.9" }) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { to });
  },
}));

const { requireStaff, requireStaffPage, staffAction, staffRoute } = await import("@/lib/auth/staff");

beforeEach(() => {
  session.id = null;
  accounts.clear();
  accounts.set("staff_admin", { id: "staff_admin", email: "a@x.test", name: null, role: "admin", disabledAt: null });
  accounts.set("staff_viewer", { id: "staff_viewer", email: "v@x.test", name: null, role: "viewer", disabledAt: null });
  accounts.set("staff_support", { id: "staff_support", email: "s@x.test", name: null, role: "support", workspaceIds: ["ws_a"], disabledAt: null });
  accounts.set("staff_gone", { id: "staff_gone", email: "g@x.test", name: null, role: "admin", disabledAt: new Date() });
});

describe("requireStaff", () => {
  it("ranks the roles viewer < support < admin and carries the account's workspaces from the database", async () => {
    session.id = "staff_support";
    await expect(requireStaff("support")).resolves.toMatchObject({ role: "support", workspaceIds: ["ws_a"] });
    await expect(requireStaff("admin")).rejects.toMatchObject({ code: "forbidden", status: 403 });
    session.id = "staff_viewer";
    await expect(requireStaff("support")).rejects.toMatchObject({ code: "forbidden" });
    await expect(requireStaff("viewer")).resolves.toMatchObject({ workspaceIds: null });
    session.id = "staff_admin";
    await expect(requireStaff("support")).resolves.toMatchObject({ role: "admin" });
  });

  it("case 36: audits a role denial as staff.denied, at most 20 a minute per account", async () => {
    audited.length = 0;
    accounts.set("staff_flood", { id: "staff_flood", email: "f@x.test", name: null, role: "support", workspaceIds: null, disabledAt: null });
    session.id = "staff_flood";
    for (let i = 0; i < 25; i++) await expect(requireStaff("admin")).rejects.toMatchObject({ code: "forbidden" });
    expect(audited).toHaveLength(20);
    expect(audited[0]).toMatchObject({ action: "staff.denied", actor: { id: "staff_flood" }, details: { role: "support", needed: "admin" } });
  });

  it("refuses a request without a session", async () => {
    await expect(requireStaff()).rejects.toMatchObject({ code: "unauthorized", status: 401 });
  });

  it("refuses a session whose account is disabled or gone, even if it was an admin", async () => {
    session.id = "staff_gone";
    await expect(requireStaff()).rejects.toMatchObject({ code: "unauthorized" });
    session.id = "staff_deleted";
    await expect(requireStaff()).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses a session signed in before the account signed out (a copied cookie stops working)", async () => {
    session.id = "staff_admin";
    signedInAt.value = 5_000;
    accounts.set("staff_admin", { ...accounts.get("staff_admin")!, sessionsRevokedAt: new Date(6_000) });
    await expect(requireStaff()).rejects.toMatchObject({ code: "unauthorized" });
    signedInAt.value = 7_000;
    await expect(requireStaff()).resolves.toMatchObject({ id: "staff_admin" });
  });

  it("lets a viewer see but not act", async () => {
    session.id = "staff_viewer";
    await expect(requireStaff("viewer")).resolves.toMatchObject({ id: "staff_viewer", role: "viewer", ip: "203.0.113.9" });
    await expect(requireStaff("admin")).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("lets an admin do both", async () => {
    session.id = "staff_admin";
    await expect(requireStaff("viewer")).resolves.toMatchObject({ role: "admin" });
    await expect(requireStaff("admin")).resolves.toMatchObject({ role: "admin" });
  });

  it("case 36: reads the role from the database, not the session: a demoted admin is a viewer at once", async () => {
    session.id = "staff_admin";
    accounts.set("staff_admin", { ...accounts.get("staff_admin")!, role: "viewer" });
    await expect(requireStaff("admin")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("staffAction and staffRoute", () => {
  it("case 36: never runs the work for a viewer and answers forbidden", async () => {
    session.id = "staff_viewer";
    const work = vi.fn(async () => "done");
    expect(await staffAction("admin", work)).toMatchObject({ ok: false, code: "forbidden" });
    const res = await staffRoute("admin", work);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    expect(work).not.toHaveBeenCalled();
  });

  it("answers 401 without a session and runs the work for an admin", async () => {
    const work = vi.fn(async () => ({ n: 1 }));
    expect((await staffRoute("viewer", work)).status).toBe(401);
    session.id = "staff_admin";
    expect(await staffAction("admin", work)).toEqual({ ok: true, data: { n: 1 } });
    const res = await staffRoute("admin", work);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 1 });
  });

  it("hides unexpected errors behind a reference", async () => {
    session.id = "staff_admin";
    const r = await staffAction("admin", async () => {
      throw new Error("connection string postgres://secret@db");
    });
    expect(r).toMatchObject({ ok: false, code: "internal_error" });
    expect(JSON.stringify(r)).not.toContain("secret");
  });
});

describe("requireStaffPage", () => {
  it("sends a visitor to sign-in with the page to return to, and a viewer to the forbidden page", async () => {
    await expect(requireStaffPage("viewer", "/dashboard/audit")).rejects.toMatchObject({ to: "/dashboard/sign-in?callbackUrl=%2Fdashboard%2Faudit" });
    session.id = "staff_viewer";
    await expect(requireStaffPage("admin", "/dashboard/settings")).rejects.toMatchObject({ to: "/dashboard/forbidden" });
    await expect(requireStaffPage("viewer")).resolves.toMatchObject({ role: "viewer" });
  });
});
