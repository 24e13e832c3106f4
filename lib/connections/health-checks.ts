// Scheduled health checks: a pg-boss schedule (HEALTH_CHECK_CRON, daily by default) fans out one
// job per connection that has a credential to check, spread over HEALTH_CHECK_SPREAD_MINUTES and
// spaced per provider so that no provider sees a burst. Each job is one `recheck` with trigger
// "schedule": what it does to the connection is the status rule's (status-rule.ts), the same as a
// re-check from the dashboard.
import type PgBoss from "pg-boss";
import { systemActor } from "@/lib/audit";
import { getDb, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import type { JobDefinition } from "@/lib/jobs/types";
import { deterministicJobId } from "@/lib/jobs/ids";
import { registerQueues } from "@/lib/jobs/register";
import { getProvider } from "@/lib/providers";
import { checkSpacingMs } from "@/lib/providers/budget";
import type { ProviderId } from "@/lib/providers/types";
import { listConnectionsByStatus } from "@/lib/connections/queries";
import { hasCredentialCheck, recheck, type CheckDeps } from "@/lib/connections/recheck";

export const HEALTH_CHECK_SCHEDULE_QUEUE = "connection.health_check.schedule";
export const HEALTH_CHECK_QUEUE = "connection.health_check";

export type HealthCheckJob = { connectionId: string; workspaceId: string };

/**
 * Minimum spacing between two scheduled checks against one provider (each check makes several
 * calls); a provider with an install-wide budget is spaced wider still (`checkSpacingMs`: People HR's
 * 30 calls a minute give one check every 24 s), so that the schedule never runs into the budget.
 */
export const PROVIDER_CHECK_SPACING_MS: Record<string, number> = { hrworks: 2000, personio: 2000, peoplehr: 2000 };
const DEFAULT_SPACING_MS = 2000;

/** One check job's retry policy: a crashed worker retries twice, five minutes apart. */
const HEALTH_CHECK_JOB_OPTIONS = { retryLimit: 2, retryDelay: 300, expireInSeconds: 300 } as const;

/** Fan out: one delayed job per connection to check. Returns how many were scheduled. */
export async function scheduleHealthChecks(boss: PgBoss, db: Db = getDb(), now = new Date()): Promise<number> {
  const env = getEnv();
  const rows = await listConnectionsByStatus(db, ["active", "needs_attention"]);
  const byProvider = new Map<string, typeof rows>();
  for (const r of rows) if (hasCredentialCheck(getProvider(r.provider), r)) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r]);
  const spreadMs = env.HEALTH_CHECK_SPREAD_MINUTES * 60_000;
  const run = now.toISOString().slice(0, 16);
  const jobs: PgBoss.JobInsert[] = [];
  for (const [provider, list] of byProvider) {
    const spacing = Math.max(PROVIDER_CHECK_SPACING_MS[provider] ?? DEFAULT_SPACING_MS, checkSpacingMs(provider as ProviderId), list.length > 1 ? spreadMs / list.length : 0);
    list.forEach((c, i) => {
      const data: HealthCheckJob = { connectionId: c.id, workspaceId: c.workspaceId };
      jobs.push({
        id: deterministicJobId(HEALTH_CHECK_QUEUE, c.id, run),
        name: HEALTH_CHECK_QUEUE,
        data,
        startAfter: new Date(now.getTime() + Math.round(i * spacing)).toISOString(),
        ...HEALTH_CHECK_JOB_OPTIONS,
      });
    });
  }
  // pg-boss drops jobs for a queue that does not exist, silently.
  await registerQueues(boss, [healthCheckJob]);
  for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500));
  return jobs.length;
}

export type HealthOutcome = "healthy" | "needs_attention" | "transient" | "skipped";

/** Re-check one connection (a job of the fan-out). */
export async function runHealthCheck(db: Db, job: HealthCheckJob, deps?: CheckDeps): Promise<HealthOutcome> {
  try {
    const r = await recheck(job.connectionId, { workspaceId: job.workspaceId, trigger: "schedule", actor: systemActor, db, deps });
    if (r.kind === "skipped") return "skipped";
    if (r.verdict === "inconclusive") return "transient";
    return r.status === "needs_attention" ? "needs_attention" : "healthy";
  } catch (err) {
    // Deleted since the fan-out: nothing to check.
    if (err instanceof AppError && err.code === "not_found") return "skipped";
    throw err;
  }
}

const log = () => getLogger().child({ part: "health-check" });

/** The daily fan-out: one job on the schedule queue. */
export const healthCheckScheduleJob: JobDefinition = {
  queue: HEALTH_CHECK_SCHEDULE_QUEUE,
  schedule: () => ({ cron: getEnv().HEALTH_CHECK_CRON, options: { tz: "UTC" } }),
  work: async (boss) => {
    const n = await scheduleHealthChecks(boss, getDb());
    log().info({ scheduled: n }, "health checks scheduled");
  },
};

/** One connection's check. */
export const healthCheckJob: JobDefinition<HealthCheckJob> = {
  queue: HEALTH_CHECK_QUEUE,
  options: HEALTH_CHECK_JOB_OPTIONS,
  workOptions: { batchSize: 1, pollingIntervalSeconds: 5 },
  work: async (_boss, [job]) => {
    const outcome = await runHealthCheck(getDb(), job!.data);
    log().info({ connectionId: job!.data.connectionId, outcome }, "health check");
  },
};
