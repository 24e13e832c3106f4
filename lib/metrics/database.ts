// The metrics read from the database when scraped (lib/metrics/server.ts calls this before each
// scrape): queue depth and age, the relay's lag, the provider budgets' use. Read at scrape time, not
// counted in a process, so every instance and worker reports the same truth about the shared
// queue and outbox. Loaded only by the metrics server, after the "server-only" marker is allowed.
import { getDb } from "@/lib/db";
import { outboxBacklog, queueStates } from "@/lib/db/queries/metrics";
import { familyOfQueue } from "@/lib/handoff/queues";
import { jobs } from "@/lib/jobs";
import { getLogger } from "@/lib/log";
import type { Metrics } from "@/lib/metrics/registry";
import { QUEUE_SCHEMA } from "@/lib/queue";
import { providerBudgetUse } from "@/lib/rate-limit";

/** A scrape waits this long for the database, then answers without those series. */
const READ_TIMEOUT_MS = 5000;

const QUEUE_STATES = ["created", "retry", "active"] as const;

export async function refreshDatabaseMetrics(m: Metrics): Promise<void> {
  const db = getDb();
  let timer: NodeJS.Timeout | undefined;
  try {
    const [queues, backlog, budgets] = await Promise.race([
      Promise.all([queueStates(db, QUEUE_SCHEMA), outboxBacklog(db), providerBudgetUse(db)]),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
      }),
    ]);
    m.queueJobs.reset();
    m.queueAge.reset();
    // Every queue of lib/jobs appears, with zeros, so an alert on a queue's age has a series to read.
    const known = new Set(jobs.map((j) => j.queue));
    const depth = new Map<string, number>();
    const age = new Map<string, number>();
    for (const queue of known) {
      age.set(queue, 0);
      for (const state of QUEUE_STATES) depth.set(`${queue}|${state}`, 0);
    }
    for (const row of queues) {
      // Only Latchkey's own queues (a per-workspace one counts as its family): a bounded label.
      const queue = familyOfQueue(row.queue);
      if (!known.has(queue)) continue;
      depth.set(`${queue}|${row.state}`, (depth.get(`${queue}|${row.state}`) ?? 0) + row.jobs);
      if (row.oldestDueSeconds !== null) age.set(queue, Math.max(age.get(queue) ?? 0, row.oldestDueSeconds));
    }
    for (const [id, n] of depth) {
      const [queue, state] = id.split("|") as [string, string];
      m.queueJobs.set({ queue, state }, n);
    }
    for (const [queue, seconds] of age) m.queueAge.set({ queue }, seconds);
    m.relayLag.set(backlog.oldestSeconds ?? 0);
    m.outboxPending.set(backlog.events);
    m.budgetUsed.reset();
    for (const b of budgets) m.budgetUsed.set({ provider: b.provider, per: b.per, requests: b.requests }, b.ratio);
    m.databaseUp.set(1);
  } catch (err) {
    // No stale numbers: the series disappear and latchkey_metrics_database_up says why.
    for (const g of [m.queueJobs, m.queueAge, m.relayLag, m.outboxPending, m.budgetUsed]) g.reset();
    m.databaseUp.set(0);
    getLogger().warn({ err: err instanceof Error ? err.message : String(err) }, "metrics: could not read the database");
  } finally {
    clearTimeout(timer);
  }
}
