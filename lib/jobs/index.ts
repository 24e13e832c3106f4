// Every queue and its worker, in one list. The app runs them in-process by default
// (LATCHKEY_WORKERS=in-process) and `npm run worker` runs them as a separate process.
import type PgBoss from "pg-boss";
import { purgeJob } from "@/lib/connect/purge";
import { handoffJobs } from "@/lib/handoff/jobs";

export type JobDefinition = {
  queue: string;
  options?: Omit<PgBoss.Queue, "name">;
  /** Run this worker; omit for queues consumed outside Latchkey (e.g. connection.ready). */
  work?: (jobs: PgBoss.Job<Record<string, unknown>>[]) => Promise<void>;
  workOptions?: PgBoss.WorkOptions;
  /** A cron schedule for this queue, e.g. daily health checks. */
  schedule?: { cron: string; data?: Record<string, unknown> };
  /** Start work that needs the boss itself (e.g. the outbox relay loop and the webhook worker). */
  start?: (boss: PgBoss) => Promise<void>;
};

export const jobs: JobDefinition[] = [...handoffJobs, purgeJob];

export async function registerQueues(boss: PgBoss): Promise<void> {
  for (const job of jobs) {
    if (!(await boss.getQueue(job.queue))) await boss.createQueue(job.queue, { name: job.queue, ...job.options });
  }
}

export async function startWorkers(boss: PgBoss): Promise<void> {
  await registerQueues(boss);
  for (const job of jobs) {
    if (job.work) await boss.work(job.queue, job.workOptions ?? {}, job.work as PgBoss.WorkHandler<Record<string, unknown>>);
    if (job.schedule) await boss.schedule(job.queue, job.schedule.cron, job.schedule.data ?? {});
    if (job.start) await job.start(boss);
  }
}
