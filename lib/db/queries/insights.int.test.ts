// The Insights page's reads against known data, on both databases: the funnel through the real
// writer of session events (recordSessionEvent keeps the rollup), the migration's backfill agreeing
// with it, and the check and connection aggregates.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSessionEvent, type SessionEventType } from "@/lib/connect/session";
import { funnelOf } from "@/lib/connect/funnel";
import { countConnectionsPerDay, countFailedChecks, countHealthChecksPerDay, countMissingScopes, countSessionsByFunnelStage } from "@/lib/db/queries/insights";
import { checkRuns, connections, connectSessions, type NewCheckRun } from "@/lib/db/schema";
import { workspaces } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 5, d, h));
const range = { from: day(1, 0), to: day(8, 0) };

type Ev = { type: SessionEventType; step?: string; code?: string; provider?: string };
const opened: Ev = { type: "opened", step: "opened" };
const picker: Ev = { type: "step", step: "picker" };
const chose = (p: string): Ev[] => [{ type: "step", step: "prerequisites", provider: p }];
const guide = (p: string): Ev[] => [...chose(p), { type: "step", step: "guide", provider: p }];
const form = (p: string): Ev[] => [...guide(p), { type: "step", step: "form", provider: p }];
const checkFailed = (p: string): Ev[] => [...form(p), { type: "step", step: "check", provider: p }, { type: "error", step: "check", code: "missing_scopes", provider: p }, { type: "step", step: "result", provider: p }];
const connected = (p: string): Ev[] => [...form(p), { type: "step", step: "check", provider: p }, { type: "success", step: "result", provider: p }];
const oauth = (p: string): Ev[] => [{ type: "step", step: "oauth", provider: p }, { type: "step", step: "oauth_consent", provider: p }, { type: "success", step: "result", provider: p }];

// ws_a, in range: the furthest stage each session reached.
const scripts: Array<{ providers?: string[]; events: Ev[]; ws?: string; at?: Date }> = [
  { events: [] }, // created, never opened
  { events: [] },
  { events: [opened] }, // opened, left on the picker
  { events: [opened, picker] },
  { events: [opened, picker, ...chose("personio")] },
  { events: [opened, picker, ...guide("personio")] },
  { events: [opened, picker, ...form("hrworks")] },
  { events: [opened, picker, ...checkFailed("personio")] },
  { events: [opened, picker, ...checkFailed("personio"), ...connected("personio")] }, // fixed it, connected
  { events: [opened, picker, ...connected("hrworks")] },
  { events: [opened, ...oauth("personio")] }, // OAuth: no guide or form, passes them
  { providers: ["personio"], events: [] }, // one provider offered: chosen from the start for the filter
  // Not counted: another workspace, and outside the range.
  { ws: "ws_b", events: [opened, ...connected("personio")] },
  { events: [opened, ...connected("personio")], at: day(9) },
];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(workspaces).values([
    { id: "ws_a", slug: "a", name: "Alpha" },
    { id: "ws_b", slug: "b", name: "Beta" },
  ]);
  for (const [i, s] of scripts.entries()) {
    const [session] = await t.db
      .insert(connectSessions)
      .values({
        id: `cs_${i}`,
        workspaceId: s.ws ?? "ws_a",
        tokenHash: `hash_${i}`,
        endUserId: `u${i}`,
        providers: s.providers ?? null,
        funnelProvider: s.providers?.length === 1 ? s.providers[0]! : null,
        expiresAt: day(20),
        createdAt: s.at ?? day(1 + (i % 7)),
      })
      .returning();
    for (const e of s.events) await recordSessionEvent(t.db, session!, e);
  }

  const run = (i: number, over: Partial<NewCheckRun>): NewCheckRun => ({ id: `chk_${i}`, workspaceId: "ws_a", provider: "personio", trigger: "wizard", outcome: "ok", durationMs: 10, createdAt: day(2), ...over });
  const missing = (...scopes: string[]) => Object.fromEntries([["employees", { status: "granted" as const, required: true }], ...scopes.map((s) => [s, { status: "missing" as const, required: true }])]);
  await t.db.insert(checkRuns).values([
    run(1, { outcome: "missing_scopes", scopeResults: missing("attendances") }),
    run(2, { outcome: "missing_scopes", scopeResults: missing("attendances", "absences") }),
    run(3, { outcome: "missing_scopes", scopeResults: missing("attendances"), trigger: "schedule", connectionId: "c1" }),
    run(4, { outcome: "missing_scopes", scopeResults: missing("absences"), provider: "hrworks" }),
    run(5, { outcome: "invalid_credentials" }),
    run(6, { outcome: "invalid_credentials" }),
    run(7, { outcome: "rate_limited", provider: "hrworks" }),
    run(8, { outcome: "provider_unreachable", trigger: "schedule", connectionId: "c2", createdAt: day(3) }),
    run(9, { outcome: "ok", trigger: "schedule", connectionId: "c3", createdAt: day(3) }),
    run(10, { outcome: "ok", trigger: "schedule", connectionId: "c4", createdAt: day(3, 23) }),
    // Not counted: another workspace, outside the range.
    run(11, { outcome: "missing_scopes", scopeResults: missing("attendances"), workspaceId: "ws_b" }),
    run(12, { outcome: "missing_scopes", scopeResults: missing("attendances"), createdAt: day(9) }),
  ]);
  await t.db.insert(connections).values([
    { id: "c1", workspaceId: "ws_a", endUserId: "u1", provider: "personio", status: "needs_attention", createdAt: day(2) },
    { id: "c2", workspaceId: "ws_a", endUserId: "u2", provider: "personio", status: "active", createdAt: day(2, 8) },
    { id: "c3", workspaceId: "ws_a", endUserId: "u3", provider: "hrworks", status: "active", createdAt: day(4) },
    { id: "c4", workspaceId: "ws_a", endUserId: "u4", provider: "hrworks", status: "deleted", createdAt: day(4) },
    { id: "c5", workspaceId: "ws_b", endUserId: "u5", provider: "hrworks", status: "active", createdAt: day(4) },
  ]);
});

afterAll(async () => {
  await t?.drop();
});

const reached = async (provider?: string) => funnelOf(await countSessionsByFunnelStage(t.db, { workspaceId: "ws_a", provider, ...range })).map((s) => [s.stage, s.reached, s.dropped]);

describe("the Insights page's reads", () => {
  it("the funnel: each session counted up to its furthest stage, one workspace, one range", async () => {
    expect(await reached()).toEqual([
      ["created", 12, 0],
      ["opened", 9, 3],
      ["provider", 7, 2],
      ["guide", 6, 1],
      ["form", 5, 1],
      ["check", 4, 1],
      ["connected", 3, 1],
    ]);
  });

  it("the funnel for one provider: the sessions in which it was chosen or the only one offered", async () => {
    expect(await reached("personio")).toEqual([
      ["created", 6, 0],
      ["opened", 5, 1],
      ["provider", 5, 0],
      ["guide", 4, 1],
      ["form", 3, 1],
      ["check", 3, 0],
      ["connected", 2, 1],
    ]);
  });

  it("the migration's backfill gives every session the stage recordSessionEvent gave it", async () => {
    const before = await t.pool.query(`select id, funnel_stage, funnel_provider from connect_sessions order by id`);
    const sql = fs.readFileSync(path.join(import.meta.dirname, "../../../drizzle/0009_insights.sql"), "utf8");
    const updates = sql.split("--> statement-breakpoint").filter((s) => /^\s*(--[^\n]*\n\s*)*UPDATE/i.test(s));
    expect(updates).toHaveLength(2);
    await t.pool.query(`update connect_sessions set funnel_stage = 0, funnel_provider = null`);
    for (const u of updates) await t.pool.query(u);
    const after = await t.pool.query(`select id, funnel_stage, funnel_provider from connect_sessions order by id`);
    expect(after.rows).toEqual(before.rows);
  });

  it("failed checks by provider and outcome, and the permissions found missing, most first", async () => {
    const f = { workspaceId: "ws_a", ...range };
    expect(await countFailedChecks(t.db, f)).toEqual([
      { provider: "personio", outcome: "missing_scopes", checks: 3 },
      { provider: "personio", outcome: "invalid_credentials", checks: 2 },
      { provider: "hrworks", outcome: "missing_scopes", checks: 1 },
      { provider: "hrworks", outcome: "rate_limited", checks: 1 },
      { provider: "personio", outcome: "provider_unreachable", checks: 1 },
    ]);
    expect(await countMissingScopes(t.db, f)).toEqual([
      { provider: "personio", scope: "attendances", checks: 3 },
      { provider: "hrworks", scope: "absences", checks: 1 },
      { provider: "personio", scope: "absences", checks: 1 },
    ]);
    expect(await countMissingScopes(t.db, { ...f, provider: "hrworks" })).toEqual([{ provider: "hrworks", scope: "absences", checks: 1 }]);
  });

  it("health checks per UTC day and outcome; connections created per day by their status now", async () => {
    const f = { workspaceId: "ws_a", ...range };
    expect(await countHealthChecksPerDay(t.db, f)).toEqual([
      { day: "2026-06-02", outcome: "missing_scopes", checks: 1 },
      { day: "2026-06-03", outcome: "ok", checks: 2 },
      { day: "2026-06-03", outcome: "provider_unreachable", checks: 1 },
    ]);
    expect(await countConnectionsPerDay(t.db, f)).toEqual([
      { day: "2026-06-02", status: "active", connections: 1 },
      { day: "2026-06-02", status: "needs_attention", connections: 1 },
      { day: "2026-06-04", status: "active", connections: 1 },
      { day: "2026-06-04", status: "deleted", connections: 1 },
    ]);
    expect(await countConnectionsPerDay(t.db, { ...f, provider: "personio" })).toHaveLength(2);
  });
});
