// Every queue of Latchkey, in one list. Each queue's name, options (retry policy included),
// worker and schedule are declared beside its worker as a `JobDefinition`; this file only lists
// them, creates the queues and starts the workers. The app runs them in-process by default
// (LATCHKEY_WORKERS=in-process) and `npm run worker` runs them as a separate process.
import type PgBoss from "pg-boss";
import { purgeJob } from "@/lib/connect/purge";
import { healthCheckJob, healthCheckScheduleJob } from "@/lib/connections/health-checks";
import { oauthRefreshJob } from "@/lib/connections/oauth-refresh";
import { outboxRelayJob } from "@/lib/handoff/relay";
import { webhookDeliveryJob } from "@/lib/handoff/webhooks/deliver";
import { allowServerOnlyInThisProcess } from "@/lib/jobs/node-server-only";
import { registerQueues } from "@/lib/jobs/register";
import type { JobDefinition } from "@/lib/jobs/types";
import { getLogger } from "@/lib/log";

export type { JobDefinition } from "@/lib/jobs/types";

// The webhook worker starts before the relay, which wakes it after each relayed batch.
export const jobs: JobDefinition[] = [
  webhookDeliveryJob,
  outboxRelayJob,
  healthCheckScheduleJob,
  healthCheckJob,
  purgeJob,
  oauthRefreshJob,
];

export async function startWorkers(boss: PgBoss): Promise<void> {
  // The workers reach the vault and the check engine, which carry the "server-only" marker.
  allowServerOnlyInThisProcess();
  await registerQueues(boss, jobs);
  for (const job of jobs) {
    if (job.work) {
      const work = job.work;
      await boss.work(job.queue, job.workOptions ?? {}, (batch: PgBoss.Job<Record<string, unknown>>[]) => work(boss, batch));
    }
    if (job.schedule) {
      const s = typeof job.schedule === "function" ? job.schedule() : job.schedule;
      await boss.schedule(job.queue, s.cron, s.data ?? {}, s.options ?? {}).catch((err: unknown) => getLogger().error({ err, queue: job.queue }, "could not schedule"));
    }
    if (job.start) await job.start(boss);
  }
}
