import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admitOidcSignIn, OIDC_UNVERIFIED_EMAIL } from "@/lib/auth/oidc";
import { insertStaff } from "@/lib/db/queries/staff";
import { auditLog } from "@/lib/db/schema";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// Finding 10: single sign-on matched staff by e-mail without asking whether the provider verified it.
describe(`single sign-on admission (${testDbKind()})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertStaff(t.db, { email: "ada@support.test", role: "admin", passwordHash: null });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each([
    ["missing", { email: "ada@support.test" }],
    ["false", { email: "ada@support.test", email_verified: false }],
    ["the string true", { email: "ada@support.test", email_verified: "true" }],
  ])("refuses a profile whose email_verified is %s, with its own message", async (_what, profile) => {
    expect(await admitOidcSignIn(t.db, "ada@support.test", profile)).toBe(OIDC_UNVERIFIED_EMAIL);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.signed_in"))).toHaveLength(0);
  });

  it("admits a verified address of an existing account, and nobody else", async () => {
    expect(await admitOidcSignIn(t.db, "ada@support.test", { email: "ada@support.test", email_verified: true })).toBe(true);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.signed_in"))).toHaveLength(1);
    expect(await admitOidcSignIn(t.db, "nobody@support.test", { email: "nobody@support.test", email_verified: true })).toBe(false);
    expect(await admitOidcSignIn(t.db, null, { email_verified: true })).toBe(false);
  });
});
