import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { passwordSignIn } from "@/lib/auth/password-sign-in";
import { insertStaff } from "@/lib/db/queries/staff";
import { auditLog, rateLimits } from "@/lib/db/schema";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// Finding 3: 6 wrong passwords from 6 (forged) addresses locked the owner out for 15 minutes.
describe(`password sign-in under attack (${testDbKind()})`, () => {
  let t: TestDatabase;
  const from = (ip: string) => new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-latchkey-client-ip": ip, "user-agent": "vitest" } });
  const attempt = (password: string, ip: string) => passwordSignIn(t.db, { email: "ada@support.test", password }, from(ip));

  beforeAll(async () => {
    t = await createTestDatabase();
    await insertStaff(t.db, { email: "ada@support.test", role: "admin", passwordHash: await hashPassword("the-right-password") });
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.delete(rateLimits);
  });

  it("6 wrong passwords from 6 addresses do not lock out the right password from a 7th, and are audited as an attack once", async () => {
    for (let i = 0; i < 6; i++) expect(await attempt("wrong", `198.51.100.${i}`)).toEqual({ ok: false, reason: "invalid" });
    const started = Date.now();
    expect(await attempt("the-right-password", "203.0.113.7")).toMatchObject({ ok: true });
    // Slowed down, not refused.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const attacks = await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.sign_in_under_attack"));
    expect(attacks).toHaveLength(1);
    expect(attacks[0]).toMatchObject({ targetType: "staff" });
    expect(JSON.stringify(attacks)).not.toContain("the-right-password");
  }, 30_000);

  it("6 wrong passwords from one address block that address, even for the right password, and no other", async () => {
    for (let i = 0; i < 6; i++) await attempt("wrong", "192.0.2.66");
    expect(await attempt("the-right-password", "192.0.2.66")).toEqual({ ok: false, reason: "rate_limited" });
    expect(await attempt("the-right-password", "192.0.2.67")).toMatchObject({ ok: true });
  }, 30_000);

  it("audits the client address the launcher decided, never a forged X-Forwarded-For", async () => {
    const forged = new Request("http://localhost/", { headers: { "x-latchkey-client-ip": "203.0.113.9", "x-forwarded-for": "6.6.6.6" } });
    await passwordSignIn(t.db, { email: "ada@support.test", password: "wrong" }, forged);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.sign_in_failed"));
    expect(rows.map((r) => r.ip)).toContain("203.0.113.9");
    expect(rows.map((r) => r.ip)).not.toContain("6.6.6.6");
  });
});
