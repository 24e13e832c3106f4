import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordFailedSignIn, signInBlockedFor } from "@/lib/auth/rate-limit";
import type { Staff } from "@/lib/auth/staff";
import { getStaffByEmail, insertStaff } from "@/lib/db/queries/staff";
import { auditLog, staffUsers, workspaces } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { setEnvOverrides } from "@/lib/env";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// The operations take an already checked staff member; the session layer (auth.ts) is not under test here.
vi.mock("@/auth", () => ({ sessionStaff: async () => null }));

const { addStaffOp, changeStaffRoleOp, resetStaffPasswordOp, setStaffAccessOp, setStaffDisabledOp, signOutStaffEverywhereOp } = await import("./staff");
const { staffCreate } = await import("@/scripts/cli/staff-create");

const as = (u: { id: string; email: string; role: "admin" | "viewer" }): Staff => ({ ...u, name: null, workspaceIds: null, ip: "198.51.100.1", userAgent: "vitest" });

describe(`staff management (${testDbKind()})`, () => {
  let t: TestDatabase;
  let ada: Staff;
  // The audit log is insert-only: each test looks at the entries written after it began.
  let auditMark = 0;

  async function row(id: string) {
    const [r] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, id));
    return r!;
  }
  async function audits(action: string) {
    return t.db.select().from(auditLog).where(and(eq(auditLog.action, action), gt(auditLog.id, auditMark)));
  }

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.pool.query("delete from staff_users");
    const a = await insertStaff(t.db, { email: "ada@support.test", role: "admin", passwordHash: await hashPassword("ada-password-1") });
    ada = as({ id: a.id, email: a.email, role: "admin" });
    const r = await t.pool.query<{ id: string | null }>("select max(id) as id from audit_log");
    auditMark = Number(r.rows[0]?.id ?? 0);
  });

  it("adds a viewer with a generated password that is returned once and stored only as an argon2id hash", async () => {
    const { member, password } = await addStaffOp(ada, { email: " Vic@Support.test ", name: "Vic", role: "viewer", method: "password" });
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(member).toMatchObject({ email: "Vic@Support.test", name: "Vic", role: "viewer", ssoOnly: false, disabledAt: null, lastSignInAt: null });
    const stored = await row(member.id);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash!, password!)).toBe(true);
    const [entry] = await audits("staff.created");
    expect(entry).toMatchObject({ actorType: "staff", actorId: ada.id, targetType: "staff", targetId: member.id, ip: "198.51.100.1" });
    expect(entry!.details).toMatchObject({ role: "viewer", via: "dashboard", sso: false });
    const everything = JSON.stringify([await t.db.select().from(staffUsers), await t.db.select().from(auditLog), member]);
    expect(everything).not.toContain(password!);
  });

  it("refuses an address that already has an account (any case), a malformed one, and SSO-only without single sign-on", async () => {
    await expect(addStaffOp(ada, { email: "ADA@support.test", role: "viewer", method: "password" })).rejects.toMatchObject({ code: "conflict", problem: "emailTaken" });
    await expect(addStaffOp(ada, { email: "not-an-address", role: "viewer", method: "password" })).rejects.toMatchObject({ code: "invalid_input", problem: "invalidEmail" });
    await expect(addStaffOp(ada, { email: "x@support.test", name: "n".repeat(201), role: "viewer", method: "password" })).rejects.toMatchObject({ problem: "nameTooLong" });
    await expect(addStaffOp(ada, { email: "sso@support.test", role: "viewer", method: "sso" })).rejects.toMatchObject({ problem: "ssoNotConfigured" });
    expect(await t.db.select().from(staffUsers)).toHaveLength(1);
    expect(await audits("staff.created")).toHaveLength(0);
  });

  it("adds an SSO-only account when single sign-on is configured: no password at all", async () => {
    setEnvOverrides({ AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_CLIENT_ID: "latchkey", AUTH_OIDC_CLIENT_SECRET: "oidc-client-secret" });
    try {
      const { member, password } = await addStaffOp(ada, { email: "sso@support.test", role: "admin", method: "sso" });
      expect(password).toBeNull();
      expect(member).toMatchObject({ ssoOnly: true, role: "admin" });
      expect((await row(member.id)).passwordHash).toBeNull();
    } finally {
      for (const k of ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"]) delete process.env[k];
      setEnvOverrides({});
    }
  });

  it("never leaves the dashboard without an active admin: the last admin cannot demote or disable themselves", async () => {
    await expect(changeStaffRoleOp(ada, ada.id, "viewer")).rejects.toMatchObject({ code: "conflict", problem: "lastAdmin" });
    await expect(setStaffDisabledOp(ada, ada.id, true)).rejects.toMatchObject({ code: "conflict", problem: "lastAdmin" });
    expect(await row(ada.id)).toMatchObject({ role: "admin", disabledAt: null });

    // A disabled admin is no admin: it does not make room.
    const { member: bea } = await addStaffOp(ada, { email: "bea@support.test", role: "admin", method: "password" });
    await setStaffDisabledOp(ada, bea.id, true);
    await expect(changeStaffRoleOp(ada, ada.id, "viewer")).rejects.toMatchObject({ problem: "lastAdmin" });

    // With another active admin, stepping down is allowed, and audited with from and to.
    await setStaffDisabledOp(ada, bea.id, false);
    expect((await changeStaffRoleOp(ada, ada.id, "viewer")).role).toBe("viewer");
    const changes = await audits("staff.role_changed");
    expect(changes.map((c) => c.details)).toEqual([{ email: "ada@support.test", from: "admin", to: "viewer", workspacesFrom: null, workspacesTo: null, via: "dashboard" }]);
    expect(await audits("staff.disabled")).toHaveLength(1);
    expect(await audits("staff.enabled")).toHaveLength(1);
  });

  it("two admins demoting or disabling each other at the same moment: one wins, one admin is left, no deadlock", async () => {
    const { member: bea } = await addStaffOp(ada, { email: "bea@support.test", role: "admin", method: "password" });
    const beaStaff = as({ id: bea.id, email: bea.email, role: "admin" });
    // Several rounds, so that the two transactions really do interleave on a real Postgres.
    for (let round = 0; round < 8; round++) {
      await t.pool.query("update staff_users set role = 'admin', disabled_at = null");
      const [first, second] = round % 2 ? [ada, beaStaff] : [beaStaff, ada];
      const results = await Promise.allSettled([
        round % 4 < 2 ? changeStaffRoleOp(first, second.id, "viewer") : setStaffDisabledOp(first, second.id, true),
        changeStaffRoleOp(second, first.id, "viewer"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected"), `round ${round}`).toMatchObject({ reason: { problem: "lastAdmin" } });
      const admins = (await t.db.select().from(staffUsers)).filter((u) => u.role === "admin" && !u.disabledAt);
      expect(admins).toHaveLength(1);
    }
  });

  it("disabling ends the sessions for good (enabling does not revive them); a viewer can be disabled freely", async () => {
    const { member: vic } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password" });
    const disabled = await setStaffDisabledOp(ada, vic.id, true);
    expect(disabled.disabledAt).not.toBeNull();
    const r1 = await row(vic.id);
    expect(r1.sessionsRevokedAt).toBeInstanceOf(Date);
    // Disabling twice changes nothing and records nothing more.
    await setStaffDisabledOp(ada, vic.id, true);
    expect((await row(vic.id)).disabledAt).toEqual(r1.disabledAt);
    expect(await audits("staff.disabled")).toHaveLength(1);
    const enabled = await setStaffDisabledOp(ada, vic.id, false);
    expect(enabled.disabledAt).toBeNull();
    expect((await row(vic.id)).sessionsRevokedAt).toEqual(r1.sessionsRevokedAt);
  });

  it("resets a password: a new one returned once, the old one dead, sessions ended, a sign-in block lifted", async () => {
    const { member: vic, password: first } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password" });
    for (let i = 0; i < 5; i++) await recordFailedSignIn(t.db, "vic@support.test", "192.0.2.10");
    expect(await signInBlockedFor(t.db, "vic@support.test", "192.0.2.10")).toBeGreaterThan(0);
    const { password } = await resetStaffPasswordOp(ada, vic.id);
    expect(password).not.toBe(first);
    const stored = await row(vic.id);
    expect(await verifyPassword(stored.passwordHash!, password)).toBe(true);
    expect(await verifyPassword(stored.passwordHash!, first!)).toBe(false);
    expect(stored.sessionsRevokedAt).toBeInstanceOf(Date);
    expect(await signInBlockedFor(t.db, "vic@support.test", "192.0.2.10")).toBe(0);
    const [entry] = await audits("staff.password_reset");
    expect(entry).toMatchObject({ actorId: ada.id, targetId: vic.id });
    expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(password);
    // Your own password would end the session you are reading it in.
    await expect(resetStaffPasswordOp(ada, ada.id)).rejects.toMatchObject({ problem: "ownPassword" });
  });

  it("signs someone out everywhere (not yourself: that is the Sign out button), audited; unknown ids are not found", async () => {
    const { member: vic } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password" });
    expect((await row(vic.id)).sessionsRevokedAt).toBeNull();
    await signOutStaffEverywhereOp(ada, vic.id);
    expect((await row(vic.id)).sessionsRevokedAt).toBeInstanceOf(Date);
    expect(await audits("staff.sessions_revoked")).toHaveLength(1);
    await expect(signOutStaffEverywhereOp(ada, ada.id)).rejects.toMatchObject({ problem: "ownSessions" });
    await expect(changeStaffRoleOp(ada, "staff_nobody", "admin")).rejects.toMatchObject({ code: "not_found" });
    await expect(changeStaffRoleOp(ada, "x'; drop table staff_users; --", "admin")).rejects.toMatchObject({ code: "not_found" });
    await expect(changeStaffRoleOp(ada, vic.id, "owner" as never)).rejects.toThrow();
    expect(await getStaffByEmail(t.db, "vic@support.test")).toMatchObject({ role: "viewer" });
  });
  describe("access: role and workspaces (the staff page's Edit access, the CLI's --reset)", () => {
    let ws: string[];
    const scoped = (u: { id: string; email: string }, workspaceIds: string[]): Staff => ({ ...as({ ...u, role: "admin" }), workspaceIds });

    beforeAll(async () => {
      ws = [];
      for (const name of ["North", "South", "East"]) {
        const id = newId("ws");
        await t.db.insert(workspaces).values({ id, slug: id.replace("_", "-"), name });
        ws.push(id);
      }
    });

    it("sets role and several workspaces at once, then every workspace again, audited with before and after", async () => {
      const { member: vic } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password", workspaceIds: [ws[0]!] });
      const changed = await setStaffAccessOp(ada, vic.id, { role: "support", workspaceIds: [ws[0]!, ws[1]!] });
      expect(changed).toMatchObject({ role: "support", workspaceIds: [ws[0], ws[1]] });
      expect(await row(vic.id)).toMatchObject({ role: "support", workspaceIds: [ws[0], ws[1]] });
      expect((await setStaffAccessOp(ada, vic.id, { role: "support", workspaceIds: null })).workspaceIds).toBeNull();
      // Nothing changed: nothing audited.
      await setStaffAccessOp(ada, vic.id, { role: "support", workspaceIds: null });
      expect((await audits("staff.scope_changed")).map((a) => a.details)).toEqual([
        { email: "vic@support.test", from: "viewer", to: "support", workspacesFrom: [ws[0]], workspacesTo: [ws[0], ws[1]], via: "dashboard" },
        { email: "vic@support.test", from: "support", to: "support", workspacesFrom: [ws[0], ws[1]], workspacesTo: null, via: "dashboard" },
      ]);
      expect((await audits("staff.scope_changed"))[0]).toMatchObject({ actorType: "staff", actorId: ada.id, targetType: "staff", targetId: vic.id });
    });

    it("an admin cannot widen beyond their own scope: not to other workspaces, not to all, not on an account that sees more", async () => {
      const { member: sam } = await addStaffOp(ada, { email: "sam@support.test", role: "admin", method: "password", workspaceIds: [ws[0]!, ws[1]!] });
      const { member: vic } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password", workspaceIds: [ws[0]!] });
      const sammy = scoped(sam, [ws[0]!, ws[1]!]);
      await expect(setStaffAccessOp(sammy, vic.id, { role: "viewer", workspaceIds: [ws[0]!, ws[2]!] })).rejects.toMatchObject({ code: "forbidden", problem: "beyondScope" });
      await expect(setStaffAccessOp(sammy, vic.id, { role: "viewer", workspaceIds: null })).rejects.toMatchObject({ problem: "beyondScope" });
      await expect(setStaffAccessOp(sammy, ada.id, { role: "viewer", workspaceIds: [ws[0]!] })).rejects.toMatchObject({ problem: "beyondScope" });
      await expect(setStaffAccessOp(sammy, sam.id, { role: "admin", workspaceIds: null })).rejects.toMatchObject({ problem: "beyondScope" });
      await expect(addStaffOp(sammy, { email: "wide@support.test", role: "viewer", method: "password" })).rejects.toMatchObject({ problem: "beyondScope" });
      expect(await row(vic.id)).toMatchObject({ role: "viewer", workspaceIds: [ws[0]] });
      expect(await row(ada.id)).toMatchObject({ role: "admin", workspaceIds: null });
      // Within its own scope it may.
      expect(await setStaffAccessOp(sammy, vic.id, { role: "support", workspaceIds: [ws[1]!, ws[0]!] })).toMatchObject({ role: "support", workspaceIds: [ws[1], ws[0]] });
    });

    it("cannot demote or narrow the last active admin of every workspace; an unknown or empty workspace list is refused", async () => {
      await expect(setStaffAccessOp(ada, ada.id, { role: "admin", workspaceIds: [ws[0]!] })).rejects.toMatchObject({ code: "conflict", problem: "lastAdmin" });
      await expect(setStaffAccessOp(ada, ada.id, { role: "support", workspaceIds: null })).rejects.toMatchObject({ problem: "lastAdmin" });
      // A scoped admin is not an admin of every workspace: it does not make room.
      await addStaffOp(ada, { email: "sam@support.test", role: "admin", method: "password", workspaceIds: [ws[0]!] });
      await expect(setStaffAccessOp(ada, ada.id, { role: "admin", workspaceIds: [ws[0]!] })).rejects.toMatchObject({ problem: "lastAdmin" });
      await expect(setStaffAccessOp(ada, ada.id, { role: "admin", workspaceIds: ["ws_gone"] })).rejects.toMatchObject({ problem: "unknownWorkspace" });
      await expect(setStaffAccessOp(ada, ada.id, { role: "admin", workspaceIds: [] })).rejects.toMatchObject({ problem: "noWorkspace" });
      await expect(addStaffOp(ada, { email: "none@support.test", role: "viewer", method: "password", workspaceIds: [] })).rejects.toMatchObject({ problem: "noWorkspace" });
      expect(await row(ada.id)).toMatchObject({ role: "admin", workspaceIds: null });
      // With a second admin of every workspace, narrowing yourself is allowed.
      await addStaffOp(ada, { email: "bea@support.test", role: "admin", method: "password" });
      expect(await setStaffAccessOp(ada, ada.id, { role: "admin", workspaceIds: [ws[2]!] })).toMatchObject({ workspaceIds: [ws[2]] });
      expect(await audits("staff.scope_changed")).toHaveLength(1);
    });

    it("the CLI's staff:create --reset goes through the same operation: the same last-admin rule, audited via cli", async () => {
      const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      try {
        await expect(staffCreate.run({ email: "ada@support.test", role: "viewer", reset: true })).rejects.toThrow(/no active admin of every workspace/);
        expect(await row(ada.id)).toMatchObject({ role: "admin", workspaceIds: null });
        const { member: vic } = await addStaffOp(ada, { email: "vic@support.test", role: "viewer", method: "password" });
        await staffCreate.run({ email: "vic@support.test", role: "support", workspaces: `${ws[0]},${ws[1]}`, reset: true });
        expect(await row(vic.id)).toMatchObject({ role: "support", workspaceIds: [ws[0], ws[1]] });
        expect((await audits("staff.scope_changed")).map((a) => a.details)).toEqual([
          { email: "vic@support.test", from: "viewer", to: "support", workspacesFrom: null, workspacesTo: [ws[0], ws[1]], via: "cli" },
        ]);
      } finally {
        out.mockRestore();
      }
    });
  });
});
