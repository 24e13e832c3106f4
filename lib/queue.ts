// pg-boss on the same Postgres as everything else (pg-boss 10: later versions need Node 22).
import PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";

export const QUEUE_SCHEMA = "pgboss";

export function createBoss(url: string, options: { supervise?: boolean; schedule?: boolean; max?: number } = {}): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: options.max ?? 5,
    supervise: options.supervise ?? true,
    // Maintenance expires jobs whose worker died mid-run (back to retry) and runs in every process
    // that supervises; pg-boss's own default (2 minutes) leaves them `active` that much longer.
    maintenanceIntervalSeconds: getEnv().QUEUE_MAINTENANCE_INTERVAL_SECONDS,
    schedule: options.schedule ?? true,
    application_name: "latchkey",
  });
  boss.on("error", (err) => getLogger().error({ err }, "queue error"));
  return boss;
}

const store = globalThis as unknown as { __latchkeyBoss?: Promise<PgBoss> };

/** The process-wide pg-boss, started once. Used to send jobs from anywhere in the app. */
export function getBoss(): Promise<PgBoss> {
  store.__latchkeyBoss ??= (async () => {
    const boss = createBoss(databaseUrl());
    await boss.start();
    return boss;
  })().catch((err: unknown) => {
    store.__latchkeyBoss = undefined;
    throw err;
  });
  return store.__latchkeyBoss;
}

/**
 * Stop fetching jobs, give running ones up to `timeoutMs` to finish (those still running then are
 * failed, so they are retried), stop the relay loop and close the queue's connections.
 */
export async function stopBoss(timeoutMs = 10_000): Promise<void> {
  const p = store.__latchkeyBoss;
  store.__latchkeyBoss = undefined;
  if (!p) return;
  // `wait`: resolve only once the running jobs are done (or failed at the bound) and it has closed.
  await (await p).stop({ graceful: true, timeout: timeoutMs, wait: true });
}
