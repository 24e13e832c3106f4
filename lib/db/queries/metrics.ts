// What the metrics read from the database at scrape time (lib/metrics/database.ts gives them their
// meaning): every instance that is scraped reports the same truth about the shared queue, outbox and
// limits. Each is one short read; none takes a lock.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => ((r as { rows?: Row[] }).rows ?? (r as Row[])) as Row[];

export type QueueRow = { queue: string; state: "created" | "retry" | "active"; jobs: number; oldestDueSeconds: number | null };

/**
 * Unfinished jobs per pg-boss queue and state, and for created and retry jobs whose start time has
 * passed, how long the oldest of them has been due. `schema` is pg-boss's (lib/queue.ts).
 */
export async function queueStates(db: DbOrTx, schema: string): Promise<QueueRow[]> {
  const res = await db.execute(sql`
    select name, state::text as state, count(*)::int as jobs,
           extract(epoch from now() - min(start_after) filter (where start_after <= now()))::float8 as oldest
      from ${sql.identifier(schema)}.job
     where state in ('created', 'retry', 'active')
     group by name, state`);
  return rowsOf(res).map((r) => ({
    queue: String(r.name),
    state: String(r.state) as QueueRow["state"],
    jobs: Number(r.jobs),
    oldestDueSeconds: r.oldest === null || r.state === "active" ? null : Math.max(0, Number(r.oldest)),
  }));
}

/** Committed outbox events not yet relayed, and the age of the oldest (null when none). */
export async function outboxBacklog(db: DbOrTx): Promise<{ events: number; oldestSeconds: number | null }> {
  const res = await db.execute(sql`
    select count(*)::int as events, extract(epoch from now() - min(created_at))::float8 as oldest
      from events where relayed_at is null`);
  const row = rowsOf(res)[0] ?? {};
  return { events: Number(row.events ?? 0), oldestSeconds: row.oldest === null || row.oldest === undefined ? null : Math.max(0, Number(row.oldest)) };
}

/** The counters under a key prefix whose window is still open: their points and the limit charged against. */
export async function openCounters(db: DbOrTx, prefix: string): Promise<{ key: string; points: number; max: number }[]> {
  const res = await db.execute(sql`
    select key, points, max_points from rate_limits
     where key like ${prefix.replace(/[\\%_]/g, "\\$&") + "%"} and window_ends_at > now()`);
  return rowsOf(res).map((r) => ({ key: String(r.key), points: Number(r.points), max: Number(r.max_points) }));
}
