// Scheduled health checks: a pg-boss schedule (HEALTH_CHECK_CRON, daily by default) fans out one
// job per connection with a credential, spread over HEALTH_CHECK_SPREAD_MINUTES and spaced per
// provider so that no provider sees a burst. Each job re-runs the permission check; a credential
// that stopped working or lost a permission moves the connection to `needs_attention` and emits
// `connection.check_failed`, once per transition (a connection already there emits nothing more).
// A provider that is down or rate limiting changes nothing: that is not the customer's doing.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { recordAudit, systemActor } from "@/lib/audit";
import { getDb, type Db } from "@/lib/db";
import { checkRuns, connections, type ScopeResult } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { newId } from "@/lib/ids";
import { getLogger } from "@/lib/log";
import { emitEvent } from "@/lib/handoff/outbox";
import { HEALTH_CHECK_QUEUE, HEALTH_CHECK_SCHEDULE_QUEUE, deterministicJobId, type HealthCheckJob } from "@/lib/handoff/queues";
import { getProvider } from "@/lib/providers";
import type { CheckResult, ProviderId, ScopeId } from "@/lib/providers/types";

/** Minimum spacing between two scheduled checks against one provider (each check makes several calls). */
export const PROVIDER_CHECK_SPACING_MS: Record<string, number> = { hrworks: 2000, personio: 2000, peoplehr: 2000 };
const DEFAULT_SPACING_MS = 2000;
/** Only a credentials flow has a check to re-run; a service user is verified through the status API. */
const isUnchecked = (provider: string) => getProvider(provider)?.flow !== "credentials";

export type HealthDeps = {
  runCheck: (input: { provider: ProviderId; credentials: Record<string, string>; required: ScopeId[]; optional: ScopeId[]; options: Record<string, unknown> }) => Promise<CheckResult>;
  openCredentials: (db: Db, input: { workspaceId: string; connectionId: string }) => Promise<Record<string, string>>;
};

async function defaultDeps(): Promise<HealthDeps> {
  const [{ runCheck }, { openCredential }] = await Promise.all([import("@/lib/providers/check"), import("@/lib/vault")]);
  return {
    runCheck: (input) => runCheck({ ...input, options: input.options as never }),
    openCredentials: async (db, input) => {
      const secrets = await openCredential(db, { ...input, actor: systemActor, reason: "scheduled health check" });
      return Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, v.reveal()]));
    },
  };
}

/** Fan out: one delayed job per connection to check. Returns how many were scheduled. */
export async function scheduleHealthChecks(boss: PgBoss, db: Db = getDb(), now = new Date()): Promise<number> {
  const env = getEnv();
  const rows = await db
    .select({ id: connections.id, workspaceId: connections.workspaceId, provider: connections.provider })
    .from(connections)
    .where(and(inArray(connections.status, ["active", "needs_attention"]), isNull(connections.deletedAt)))
    .orderBy(connections.provider, connections.id);
  const byProvider = new Map<string, typeof rows>();
  for (const r of rows) if (!isUnchecked(r.provider)) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r]);
  const spreadMs = env.HEALTH_CHECK_SPREAD_MINUTES * 60_000;
  const run = now.toISOString().slice(0, 16);
  const jobs: PgBoss.JobInsert[] = [];
  for (const [provider, list] of byProvider) {
    const spacing = Math.max(PROVIDER_CHECK_SPACING_MS[provider] ?? DEFAULT_SPACING_MS, list.length > 1 ? spreadMs / list.length : 0);
    list.forEach((c, i) => {
      const data: HealthCheckJob = { connectionId: c.id, workspaceId: c.workspaceId };
      jobs.push({
        id: deterministicJobId(HEALTH_CHECK_QUEUE, c.id, run),
        name: HEALTH_CHECK_QUEUE,
        data,
        startAfter: new Date(now.getTime() + Math.round(i * spacing)).toISOString(),
        retryLimit: 2,
        retryDelay: 300,
        expireInSeconds: 300,
      });
    });
  }
  // pg-boss drops jobs for a queue that does not exist, silently.
  if (!(await boss.getQueue(HEALTH_CHECK_QUEUE))) await boss.createQueue(HEALTH_CHECK_QUEUE, { name: HEALTH_CHECK_QUEUE });
  for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500));
  return jobs.length;
}

export type HealthOutcome = "healthy" | "needs_attention" | "transient" | "skipped";

/** Re-check one connection and record the result. */
export async function runHealthCheck(db: Db, job: HealthCheckJob, deps?: HealthDeps): Promise<HealthOutcome> {
  const d = deps ?? (await defaultDeps());
  const [conn] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, job.connectionId), eq(connections.workspaceId, job.workspaceId)))
    .limit(1);
  if (!conn || conn.deletedAt || !["active", "needs_attention"].includes(conn.status) || isUnchecked(conn.provider)) return "skipped";

  // Outside any transaction: the provider call can be slow.
  const credentials = await d.openCredentials(db, { workspaceId: conn.workspaceId, connectionId: conn.id });
  const result = await d.runCheck({
    provider: conn.provider as ProviderId,
    credentials,
    required: conn.requiredScopes as ScopeId[],
    optional: conn.optionalScopes as ScopeId[],
    options: conn.providerOptions ?? {},
  });

  const scopeResults: Record<string, ScopeResult> = {};
  for (const s of result.scopes) scopeResults[s.scope] = { status: s.status, required: s.required, ...(s.providerStatus ? { providerStatus: s.providerStatus } : {}) };
  const previous = conn.scopeResults ?? {};
  const lost = Object.entries(previous)
    .filter(([scope, r]) => r.status === "granted" && scopeResults[scope]?.status === "missing")
    .map(([scope]) => scope);
  const missingRequired = result.scopes.filter((s) => s.required && s.status === "missing").map((s) => s.scope);
  const broken = result.outcome === "invalid_credentials" || result.outcome === "missing_scopes" || lost.length > 0 || missingRequired.length > 0;
  const transient = !broken && result.outcome !== "ok";

  return db.transaction(async (tx) => {
    await tx.insert(checkRuns).values({
      id: newId("chk"),
      workspaceId: conn.workspaceId,
      connectionId: conn.id,
      provider: conn.provider,
      trigger: "schedule",
      outcome: result.outcome,
      scopeResults: Object.fromEntries(result.scopes.map((s) => [s.scope, { status: s.status, required: s.required, providerStatus: s.providerStatus, latencyMs: s.latencyMs }])),
      authStatus: result.authStatus ?? null,
      durationMs: Math.round(result.durationMs),
    });
    if (transient) return "transient" as const;
    // Lock the row: two checks of one connection racing must not both see the old status.
    const [current] = await tx.select({ status: connections.status }).from(connections).where(eq(connections.id, conn.id)).for("update");
    if (!current || !["active", "needs_attention"].includes(current.status)) return "skipped" as const;
    const next = broken ? "needs_attention" : "active";
    await tx
      .update(connections)
      .set({
        status: next,
        lastCheckedAt: new Date(),
        updatedAt: new Date(),
        ...(result.outcome === "invalid_credentials" ? {} : { scopeResults }),
      })
      .where(eq(connections.id, conn.id));
    if (next !== current.status) {
      await recordAudit(tx, {
        workspaceId: conn.workspaceId,
        actor: systemActor,
        action: next === "needs_attention" ? "connection.check_failed" : "connection.check_recovered",
        target: { type: "connection", id: conn.id },
        details: { outcome: result.outcome, lostScopes: lost, missingRequired },
      });
      if (next === "needs_attention")
        await emitEvent(tx, {
          workspaceId: conn.workspaceId,
          type: "connection.check_failed",
          connectionId: conn.id,
          payload: { provider: conn.provider, outcome: result.outcome, lost_scopes: lost, missing_required_scopes: missingRequired, trigger: "schedule" },
        });
    }
    return next === "needs_attention" ? ("needs_attention" as const) : ("healthy" as const);
  });
}

export async function startHealthChecks(boss: PgBoss, options: { db?: Db; deps?: HealthDeps } = {}): Promise<void> {
  const log = getLogger().child({ part: "health-check" });
  for (const name of [HEALTH_CHECK_SCHEDULE_QUEUE, HEALTH_CHECK_QUEUE]) if (!(await boss.getQueue(name))) await boss.createQueue(name, { name });
  await boss.schedule(HEALTH_CHECK_SCHEDULE_QUEUE, getEnv().HEALTH_CHECK_CRON, {}, { tz: "UTC" });
  await boss.work(HEALTH_CHECK_SCHEDULE_QUEUE, async () => {
    const n = await scheduleHealthChecks(boss, options.db ?? getDb());
    log.info({ scheduled: n }, "health checks scheduled");
  });
  await boss.work<HealthCheckJob>(HEALTH_CHECK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    const outcome = await runHealthCheck(options.db ?? getDb(), job!.data, options.deps);
    log.info({ connectionId: job!.data.connectionId, outcome }, "health check");
  });
}
