// Creating queues from their declarations (lib/jobs/index.ts lists them all).
import type PgBoss from "pg-boss";
import type { JobDefinition, QueueOptions } from "@/lib/jobs/types";

const optionsOf = (job: JobDefinition): QueueOptions => (typeof job.options === "function" ? job.options() : (job.options ?? {}));

/** Create each queue, or bring an existing one's options up to date (e.g. a changed retry policy). */
export async function registerQueues(boss: PgBoss, list: JobDefinition[]): Promise<void> {
  for (const job of list) {
    const options = optionsOf(job);
    if (!(await boss.getQueue(job.queue))) await boss.createQueue(job.queue, { name: job.queue, ...options });
    else if (Object.keys(options).length) await boss.updateQueue(job.queue, { name: job.queue, ...options });
  }
}
