import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPool, type Db } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { budgetRulesFor, checkSpacingMs } from "@/lib/providers/budget";
import { getProvider } from "@/lib/providers/index";
import { createAttemptLimiter, createBudget, providerBudgetGate, rateLimitMessage, spend } from "@/lib/rate-limit";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import * as schema from "@/lib/db/schema";

// Two "instances": two pools of their own on one database, as two app processes behind a balancer
// would have. Every limit is one count between them.
describe(`shared limits (${testDbKind()})`, () => {
  let t: TestDatabase;
  const pools: ReturnType<typeof createPool>[] = [];
  let a: Db;
  let b: Db;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (let i = 0; i < 2; i++) pools.push(createPool(t.url, 5));
    a = drizzle(pools[0]!, { schema });
    b = drizzle(pools[1]!, { schema });
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.delete(rateLimits);
    setEnvOverrides({ DATABASE_URL: t.url, LATCHKEY_DEMO: "true" });
  });

  it("allows 10 checks a minute per session across two instances, then says when to retry", async () => {
    const onA = createAttemptLimiter("t1", { session: { points: 10, durationSeconds: 60 }, ip: { points: 100, durationSeconds: 60 } }, () => a);
    const onB = createAttemptLimiter("t1", { session: { points: 10, durationSeconds: 60 }, ip: { points: 100, durationSeconds: 60 } }, () => b);
    for (let i = 0; i < 10; i++) expect(await (i % 2 ? onA : onB).consume({ session: "s1", ip: "203.0.113.1" })).toEqual({ allowed: true });
    for (const instance of [onA, onB]) {
      const blocked = await instance.consume({ session: "s1", ip: "203.0.113.1" });
      expect(blocked).toMatchObject({ allowed: false, by: "session" });
      expect(blocked.allowed === false && blocked.retryAfterSeconds).toBeGreaterThan(0);
      expect(blocked.allowed === false && blocked.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another session from another address is not affected; a reset on one instance lifts it on both.
    expect(await onB.consume({ session: "s2", ip: "203.0.113.2" })).toEqual({ allowed: true });
    await onA.reset({ session: "s1", ip: "203.0.113.1" });
    expect(await onB.consume({ session: "s1", ip: "203.0.113.1" })).toEqual({ allowed: true });
  });

  it("case 34: limits one client address across sessions, and a refused attempt spends nothing", async () => {
    const limits = { session: { points: 10, durationSeconds: 60 }, ip: { points: 3, durationSeconds: 60 } };
    const onA = createAttemptLimiter("t2", limits, () => a);
    const onB = createAttemptLimiter("t2", limits, () => b);
    for (let i = 0; i < 3; i++) expect((await (i % 2 ? onA : onB).consume({ session: `s${i}`, ip: "198.51.100.7" })).allowed).toBe(true);
    expect(await onA.consume({ session: "fresh", ip: "198.51.100.7" })).toMatchObject({ allowed: false, by: "ip" });
    // All or nothing: the refused attempt did not spend the fresh session's budget.
    const rows = await t.db.select().from(rateLimits);
    expect(rows.reduce((n, r) => n + r.points, 0)).toBe(6);
    expect((await onB.consume({ session: "fresh", ip: "198.51.100.8" })).allowed).toBe(true);
  });

  it("case 34: many sessions from many addresses of one workspace stop at the workspace's limit; other workspaces go on", async () => {
    const limits = { session: { points: 10, durationSeconds: 60 }, ip: { points: 10, durationSeconds: 60 }, workspace: { points: 5, durationSeconds: 60 } };
    const onA = createAttemptLimiter("t6", limits, () => a);
    const onB = createAttemptLimiter("t6", limits, () => b);
    for (let i = 0; i < 5; i++) expect((await (i % 2 ? onA : onB).consume({ session: `s${i}`, ip: `198.51.100.${i}`, workspace: "ws_guessed" })).allowed).toBe(true);
    expect(await onA.consume({ session: "s9", ip: "198.51.100.9", workspace: "ws_guessed" })).toMatchObject({ allowed: false, by: "workspace" });
    expect((await onB.consume({ session: "s9", ip: "198.51.100.9", workspace: "ws_other" })).allowed).toBe(true);
  });

  it("holds exactly under concurrency: 60 attempts at once from two instances against a limit of 25", async () => {
    const onA = createBudget("t3", { points: 25, durationSeconds: 60 }, () => a);
    const onB = createBudget("t3", { points: 25, durationSeconds: 60 }, () => b);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? onA : onB).take("203.0.113.9")));
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await onA.blockedFor("203.0.113.9")).toBeGreaterThan(0);
    expect(await onB.blockedFor("203.0.113.10")).toBe(0);
  });

  it("starts a window afresh once it has ended, by the database's clock", async () => {
    const budget = createBudget("t4", { points: 2, durationSeconds: 1 }, () => a);
    expect(await budget.take("k")).toBe(true);
    expect(await budget.take("k")).toBe(true);
    expect(await budget.take("k")).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await budget.blockedFor("k")).toBe(0);
    expect(await budget.take("k")).toBe(true);
  });

  it("never stores a client address or session id in clear", async () => {
    await createAttemptLimiter("t5", { session: { points: 5, durationSeconds: 60 }, ip: { points: 5, durationSeconds: 60 } }, () => a).consume({ session: "sess-canary-123", ip: "192.0.2.77" });
    const keys = (await t.db.select().from(rateLimits)).map((r) => r.key).join(" ");
    expect(keys).not.toContain("192.0.2.77");
    expect(keys).not.toContain("sess-canary-123");
  });

  it("a charge larger than the limit is refused without a write", async () => {
    expect(await spend([{ key: "t6:x", limit: { points: 2, durationSeconds: 30 }, cost: 3 }], a)).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    expect(await t.db.select().from(rateLimits)).toHaveLength(0);
  });

  describe("provider budgets", () => {
    // One table: what each provider's documented limit lets through, across two instances, and the
    // wait the excess is told. `calls`: the requests tried (kind, connection, workspace).
    const cases = [
      { name: "People HR: 30 calls a minute for the whole install (per address)", provider: "peoplehr", tries: 40, kind: "call", spread: "connections", allowed: 30 },
      { name: "Personio: 150 token requests a minute per connection", provider: "personio", tries: 160, kind: "auth", spread: "one connection", allowed: 150 },
      { name: "Personio: token requests of other connections are their own", provider: "personio", tries: 160, kind: "auth", spread: "connections", allowed: 160 },
      { name: "Personio: other requests are not token requests", provider: "personio", tries: 160, kind: "call", spread: "one connection", allowed: 160 },
      { name: "HR WORKS: none documented, the workspace budget (PROVIDER_BUDGET_WORKSPACE_PER_MINUTE=50) holds", provider: "hrworks", tries: 60, kind: "call", spread: "connections", allowed: 50 },
      { name: "every provider together: the overall budget (PROVIDER_BUDGET_OVERALL_PER_MINUTE=45)", provider: "mixed", tries: 60, kind: "call", spread: "workspaces", allowed: 45 },
    ] as const;

    it.each(cases)("case 35: $name", async ({ provider, tries, kind, spread, allowed }) => {
      setEnvOverrides({
        DATABASE_URL: t.url,
        LATCHKEY_DEMO: "true",
        PROVIDER_BUDGET_WORKSPACE_PER_MINUTE: provider === "hrworks" ? "50" : "600",
        PROVIDER_BUDGET_OVERALL_PER_MINUTE: provider === "mixed" ? "45" : "6000",
      });
      const results = [];
      for (let i = 0; i < tries; i++) {
        const p = provider === "mixed" ? (["hrworks", "personio"] as const)[i % 2]! : provider;
        const gate = providerBudgetGate(
          { provider: p, workspaceId: spread === "workspaces" ? `ws${i}` : "ws1", connection: spread === "one connection" ? "conn1" : `conn${i}` },
          () => (i % 2 ? a : b),
        );
        results.push(await gate(kind));
      }
      expect(results.filter((r) => r.ok)).toHaveLength(allowed);
      const refused = results.find((r) => !r.ok);
      if (allowed < tries) expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
      if (refused && !refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it("spaces the scheduled checks of a provider with an install-wide budget to half of it", () => {
      setEnvOverrides({ DATABASE_URL: t.url });
      const calls = 1 + Object.keys(getProvider("peoplehr")!.scopes).length;
      expect(checkSpacingMs("peoplehr")).toBe(Math.ceil((2 * calls * 60_000) / 30));
      expect(checkSpacingMs("hrworks")).toBe(0);
    });

    it("PROVIDER_BUDGETS replaces a provider's declared rules", () => {
      setEnvOverrides({ DATABASE_URL: t.url, PROVIDER_BUDGETS: JSON.stringify({ peoplehr: [{ per: "provider", requests: "all", points: 90, durationSeconds: 60 }] }) });
      expect(budgetRulesFor("peoplehr")[0]).toEqual({ per: "provider", requests: "all", points: 90, durationSeconds: 60 });
      expect(budgetRulesFor("personio")[0]).toMatchObject({ per: "connection", requests: "auth", points: 150 });
    });
  });

  it("says in English and German when to try again", () => {
    const m = rateLimitMessage(42);
    expect(m.en).toContain("42 seconds");
    expect(m.de).toContain("42 Sekunden");
    expect(rateLimitMessage(1).en).toContain("1 second,");
  });
});
