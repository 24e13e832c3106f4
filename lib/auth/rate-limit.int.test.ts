import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearFailedSignIns, forgetSignInFailures, recordFailedSignIn, SIGN_IN_LIMITS, signInBlockedFor, signInGate } from "@/lib/auth/rate-limit";
import { createPool, type Db } from "@/lib/db";
import * as schema from "@/lib/db/schema";
import { rateLimits } from "@/lib/db/schema";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// Two "instances": the app's pool and a second pool of its own, as another app process would have.
describe(`sign-in rate limit shared through the database (${testDbKind()})`, () => {
  let t: TestDatabase;
  let otherPool: pg.Pool;
  let other: Db;

  beforeAll(async () => {
    t = await createTestDatabase();
    otherPool = createPool(t.url, 3);
    other = drizzle(otherPool, { schema });
  });
  afterAll(async () => {
    await otherPool?.end();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.delete(rateLimits);
  });

  it("6 wrong passwords from 6 addresses do not lock out the right password from a 7th; they slow the account down, capped", async () => {
    for (let i = 0; i < 6; i++) await recordFailedSignIn(i % 2 ? other : t.db, "ada@example.test", `198.51.100.${i}`);
    for (const db of [t.db, other]) {
      const gate = await signInGate(db, "ADA@example.test ", "198.51.100.77");
      expect(gate.blockedForSeconds).toBe(0);
      expect(gate.delayMs).toBeGreaterThan(0);
      expect(gate.delayMs).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.maxDelayMs);
    }
    // The delay grows with every failure but never past its cap.
    for (let i = 0; i < 20; i++) await recordFailedSignIn(t.db, "ada@example.test", `198.51.101.${i}`);
    const later = await signInGate(t.db, "ada@example.test", "198.51.100.77");
    expect(later).toEqual({ blockedForSeconds: 0, delayMs: SIGN_IN_LIMITS.account.maxDelayMs });
    expect((await signInGate(t.db, "grace@example.test", "198.51.100.77")).delayMs).toBe(0);
  });

  it("6 wrong passwords from one address block that address for that account, for about 15 minutes, on both instances", async () => {
    for (let i = 0; i < 6; i++) await recordFailedSignIn(i % 2 ? other : t.db, "ada@example.test", "198.51.100.9");
    for (const db of [t.db, other]) {
      const wait = await signInBlockedFor(db, "ada@example.test", "198.51.100.9");
      expect(wait).toBeGreaterThan(SIGN_IN_LIMITS.pair.blockSeconds - 60);
      expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.pair.blockSeconds);
    }
    expect(await signInBlockedFor(t.db, "ada@example.test", "198.51.100.10")).toBe(0);
    expect(await signInBlockedFor(t.db, "grace@example.test", "198.51.100.9")).toBe(0);
  });

  it("reports an account under attack once, when failures come from many addresses", async () => {
    const flags: boolean[] = [];
    for (let i = 0; i < 8; i++) flags.push((await recordFailedSignIn(t.db, "eve@example.test", `203.0.113.${i}`)).underAttack);
    // The same address again adds no address.
    flags.push((await recordFailedSignIn(t.db, "eve@example.test", "203.0.113.0")).underAttack);
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(flags.indexOf(true)).toBe(SIGN_IN_LIMITS.attack.addresses - 1);
  });

  it("blocks a client address after 30 failures, whatever the e-mail, and not other clients", async () => {
    await Promise.all(Array.from({ length: 29 }, (_, i) => recordFailedSignIn(i % 2 ? other : t.db, `user${i}@example.test`, "203.0.113.5")));
    expect(await signInBlockedFor(other, "new@example.test", "203.0.113.5")).toBe(0);
    await recordFailedSignIn(t.db, "one-more@example.test", "203.0.113.5");
    expect(await signInBlockedFor(other, "new@example.test", "203.0.113.5")).toBeGreaterThan(0);
    expect(await signInBlockedFor(other, "new@example.test", "203.0.113.6")).toBe(0);
  });

  it("counts concurrent failures from several instances exactly (one atomic upsert each)", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => recordFailedSignIn(i % 2 ? other : t.db, "race@example.test", null)));
    const rows = await t.db.select({ failures: rateLimits.points }).from(rateLimits);
    // The account, the (account, address) pair and the address: 12 each; one address seen.
    expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 12, 12, 12]);
  });

  it("a successful sign-in forgets that address's failures for the account, not the client's; a password reset lifts every block", async () => {
    for (let i = 0; i < 5; i++) await recordFailedSignIn(t.db, "bob@example.test", "192.0.2.1");
    await recordFailedSignIn(t.db, "bob@example.test", "192.0.2.2");
    for (let i = 0; i < 5; i++) await recordFailedSignIn(t.db, "bob@example.test", "192.0.2.3");
    expect(await signInBlockedFor(t.db, "bob@example.test", "192.0.2.1")).toBeGreaterThan(0);
    await forgetSignInFailures(other, "Bob@Example.test", "192.0.2.1");
    expect(await signInBlockedFor(t.db, "bob@example.test", "192.0.2.1")).toBe(0);
    expect(await signInBlockedFor(t.db, "bob@example.test", "192.0.2.3")).toBeGreaterThan(0);
    await clearFailedSignIns(other, "bob@example.test");
    expect(await signInGate(t.db, "bob@example.test", "192.0.2.3")).toEqual({ blockedForSeconds: 0, delayMs: 0 });
    // Only the client addresses' own counts remain (5, 1 and 5 failures).
    const rows = await t.db.select({ failures: rateLimits.points }).from(rateLimits);
    expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 5, 5]);
  });

  it("starts counting again once the window has ended, and prunes rows ended over an hour ago", async () => {
    for (let i = 0; i < 5; i++) await recordFailedSignIn(t.db, "cy@example.test", "192.0.2.2");
    // Time passes: the block ended a moment ago.
    await t.db.update(rateLimits).set({ windowEndsAt: sql`now() - interval '1 second'` });
    expect(await signInBlockedFor(t.db, "cy@example.test", "192.0.2.2")).toBe(0);
    await recordFailedSignIn(t.db, "cy@example.test", "192.0.2.2");
    const rows = await t.db.select({ failures: rateLimits.points }).from(rateLimits);
    expect(rows.map((r) => r.failures)).toEqual([1, 1, 1, 1]);
    expect(await signInBlockedFor(t.db, "cy@example.test", "192.0.2.2")).toBe(0);

    await t.db.update(rateLimits).set({ windowEndsAt: sql`now() - interval '2 hours'` });
    await recordFailedSignIn(t.db, "dee@example.test", "192.0.2.3");
    expect(await t.db.select().from(rateLimits)).toHaveLength(4);
  });

  it("stores no e-mail or client address, only hashes", async () => {
    await recordFailedSignIn(t.db, "secret.person@example.test", "192.0.2.44");
    const dump = JSON.stringify(await t.db.select().from(rateLimits));
    expect(dump).not.toContain("secret.person");
    expect(dump).not.toContain("192.0.2.44");
    expect((await t.db.select().from(rateLimits)).every((r) => /^sign_in_(account|ip|addresses|pair):[0-9a-f]{64}(\.[0-9a-f]{64})?$/.test(r.key))).toBe(true);
  });
});
