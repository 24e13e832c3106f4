// What a queue declares beside its worker; lib/jobs/index.ts lists the declarations and starts them.
import type PgBoss from "pg-boss";

/** Queue-level options (retry policy included); pg-boss applies them to every job sent without its own. */
export type QueueOptions = Omit<PgBoss.Queue, "name">;

export type ScheduleSpec = { cron: string; data?: Record<string, unknown>; options?: PgBoss.ScheduleOptions };

export type JobDefinition<T extends object = Record<string, unknown>> = {
  queue: string;
  /** A function when the options come from the environment (read at start, not at import). */
  options?: QueueOptions | (() => QueueOptions);
  /**
   * Run this worker; omit for queues consumed outside Latchkey (e.g. connection.ready). A method,
   * so that a definition with its own payload type fits the list of all definitions.
   */
  work?(boss: PgBoss, jobs: PgBoss.Job<T>[]): Promise<void>;
  workOptions?: PgBoss.WorkOptions;
  /** A cron schedule for this queue, e.g. the daily health checks. */
  schedule?: ScheduleSpec | (() => ScheduleSpec);
  /** Start work that needs the boss itself (e.g. the outbox relay loop and the webhook worker). */
  start?: (boss: PgBoss) => Promise<void>;
};
