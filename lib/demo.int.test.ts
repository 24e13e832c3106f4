// The demo's past sessions make the Insights page meaningful: a funnel that drops at every step,
// and a top missing permission; written once, quickly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funnelOf } from "@/lib/connect/funnel";
import { DEMO_WORKSPACE_ID, ensureDemoInsights } from "@/lib/demo";
import { countFailedChecks, countMissingScopes, countSessionsByFunnelStage } from "@/lib/db/queries/insights";
import { connectSessions, connections, workspaces } from "@/lib/db/schema";
import { getProvider } from "@/lib/providers";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const now = new Date();
const range = { workspaceId: DEMO_WORKSPACE_ID, from: new Date(now.getTime() - 30 * 86400_000), to: new Date(now.getTime() + 1000) };

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(workspaces).values({ id: DEMO_WORKSPACE_ID, slug: "demo", name: "Demo", isDemo: true });
});
afterAll(async () => {
  await t?.drop();
});

describe("the demo's insights data", () => {
  it("is written once, fast, and gives a funnel with a drop at every step and a top missing permission", async () => {
    const started = performance.now();
    await ensureDemoInsights(t.db, { now });
    const ms = performance.now() - started;
    await ensureDemoInsights(t.db, { now });
    expect((await t.db.select().from(connectSessions)).length).toBe(480);
    // No connections: the dashboard's list stays the demo user's own.
    expect(await t.db.select().from(connections)).toHaveLength(0);
    const funnel = funnelOf(await countSessionsByFunnelStage(t.db, range));
    expect(funnel[0]!.reached).toBe(480);
    for (const s of funnel.slice(1)) expect(s.dropped, s.stage).toBeGreaterThan(0);
    const [top, second] = await countMissingScopes(t.db, range);
    // A clear first: a permission the provider's default set has as optional.
    expect(getProvider(top!.provider)!.defaultScopes.optional).toContain(top!.scope);
    expect(top!.checks).toBeGreaterThan(10);
    expect(top!.checks).toBeGreaterThan(second!.checks);
    const outcomes = new Set((await countFailedChecks(t.db, range)).map((f) => f.outcome));
    expect([...outcomes].sort()).toEqual(["invalid_credentials", "missing_scopes", "provider_error", "provider_unreachable", "rate_limited"]);
    // A generous bound: the demo's start-up must not wait on it.
    console.info(`demo insights seeded in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(5000);
  });
});
