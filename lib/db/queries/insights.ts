// Read models for the dashboard's Insights page: one workspace, optionally one provider, a time
// range. Each read is one aggregate over an index made for it (bench/dashboard.ts times them at
// 1,000,000 session events; README.md, "The support dashboard", has the figures and what EXPLAIN showed):
// - the funnel counts sessions by their furthest stage, a rollup kept on the session itself
//   (connect_sessions.funnel_stage, written with each session event: lib/connect/funnel.ts);
// - check outcomes and health checks read check_runs_workspace_created_idx alone;
// - connections per day sum connection_counts (whole UTC days), kept by triggers on connections;
// - missing permissions read only the runs whose outcome was missing_scopes.
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/lib/db";
import { checkRuns, connectionCounts, connectSessions, type ConnectionStatus } from "@/lib/db/schema";

export type InsightsFilters = {
  workspaceId: string;
  provider?: string;
  /** created_at >= from */
  from: Date;
  /** created_at < to */
  to: Date;
};

/** Sessions created in the range, by the furthest funnel stage each reached (its rank). */
export async function countSessionsByFunnelStage(db: DbOrTx, f: InsightsFilters): Promise<Array<{ stage: number; sessions: number }>> {
  const where: SQL[] = [eq(connectSessions.workspaceId, f.workspaceId), gte(connectSessions.createdAt, f.from), lt(connectSessions.createdAt, f.to)];
  if (f.provider) where.push(eq(connectSessions.funnelProvider, f.provider));
  const rows = await db
    .select({ stage: connectSessions.funnelStage, sessions: sql<number>`count(*)::int` })
    .from(connectSessions)
    .where(and(...where))
    .groupBy(connectSessions.funnelStage);
  return rows.map((r) => ({ stage: Number(r.stage), sessions: Number(r.sessions) }));
}

function checkWhere(f: InsightsFilters, extra: SQL[] = []): SQL {
  const where: SQL[] = [eq(checkRuns.workspaceId, f.workspaceId), gte(checkRuns.createdAt, f.from), lt(checkRuns.createdAt, f.to), ...extra];
  if (f.provider) where.push(eq(checkRuns.provider, f.provider));
  return and(...where)!;
}

/** Checks that did not pass, by provider and outcome (missing_scopes, invalid_credentials, rate_limited, provider_unreachable, provider_error), most first. */
export async function countFailedChecks(db: DbOrTx, f: InsightsFilters): Promise<Array<{ provider: string; outcome: string; checks: number }>> {
  const rows = await db
    .select({ provider: checkRuns.provider, outcome: checkRuns.outcome, checks: sql<number>`count(*)::int` })
    .from(checkRuns)
    .where(checkWhere(f, [sql`${checkRuns.outcome} <> 'ok'`]))
    .groupBy(checkRuns.provider, checkRuns.outcome)
    .orderBy(sql`count(*) desc`, checkRuns.provider, checkRuns.outcome);
  return rows.map((r) => ({ ...r, checks: Number(r.checks) }));
}

/** The permissions that failed checks found missing, by provider and scope, most first. */
export async function countMissingScopes(db: DbOrTx, f: InsightsFilters, limit = 20): Promise<Array<{ provider: string; scope: string; checks: number }>> {
  const rows = await db.execute<{ provider: string; scope: string; checks: number }>(sql`
    select ${checkRuns.provider} as provider, s.key as scope, count(*)::int as checks
      from ${checkRuns}, jsonb_each(${checkRuns.scopeResults}) s
     where ${checkWhere(f, [sql`${checkRuns.outcome} = 'missing_scopes'`])}
       and s.value->>'status' = 'missing'
     group by ${checkRuns.provider}, s.key
     order by count(*) desc, ${checkRuns.provider}, s.key
     limit ${limit}`);
  return rows.rows.map((r) => ({ provider: r.provider, scope: r.scope, checks: Number(r.checks) }));
}

// The UTC date (a date groups faster than the text to_char would make of every row).
const day = (column: AnyPgColumn) => sql<string>`(${column} at time zone 'UTC')::date`;

/** Scheduled health checks per UTC day and outcome. */
export async function countHealthChecksPerDay(db: DbOrTx, f: InsightsFilters): Promise<Array<{ day: string; outcome: string; checks: number }>> {
  const d = day(checkRuns.createdAt);
  const rows = await db
    .select({ day: d, outcome: checkRuns.outcome, checks: sql<number>`count(*)::int` })
    .from(checkRuns)
    .where(checkWhere(f, [eq(checkRuns.trigger, "schedule")]))
    .groupBy(d, checkRuns.outcome)
    .orderBy(d, checkRuns.outcome);
  return rows.map((r) => ({ day: dayOf(r.day), outcome: r.outcome, checks: Number(r.checks) }));
}

/** node-postgres and the embedded database hand a date back as text or as a Date. */
const dayOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * Connections created per UTC day, by their status now: summed from connection_counts (the
 * rollup triggers keep on connections, migration 0009_insights), so whole days only: `from` and
 * `to` are taken as the UTC days they fall on.
 */
export async function countConnectionsPerDay(db: DbOrTx, f: InsightsFilters): Promise<Array<{ day: string; status: ConnectionStatus; connections: number }>> {
  const where: SQL[] = [eq(connectionCounts.workspaceId, f.workspaceId), gte(connectionCounts.day, utcDay(f.from)), lt(connectionCounts.day, utcDay(f.to))];
  if (f.provider) where.push(eq(connectionCounts.provider, f.provider));
  const rows = await db
    .select({ day: connectionCounts.day, status: connectionCounts.status, connections: sql<number>`sum(${connectionCounts.n})::int` })
    .from(connectionCounts)
    .where(and(...where))
    .groupBy(connectionCounts.day, connectionCounts.status)
    .having(sql`sum(${connectionCounts.n}) > 0`)
    .orderBy(connectionCounts.day, connectionCounts.status);
  return rows.map((r) => ({ ...r, connections: Number(r.connections) }));
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
