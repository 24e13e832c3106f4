// The counters behind every limit (lib/rate-limit.ts owns their meaning). Each function is one
// statement on whatever handle it is given, never a transaction of its own: on the embedded
// database (one session, docs/platform-notes.md) a limit must never wait behind a long transaction,
// so callers use the app's pool, not a transaction's client. Arrays travel as one jsonb parameter.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";

export type Charge = { key: string; cost: number; max: number; windowSeconds: number };

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => ((r as { rows?: Row[] }).rows ?? (r as Row[])) as Row[];

/**
 * Spends each charge whose key still has room; a key whose window has ended starts again. Returns the
 * keys charged. Keys are locked in one order (sorted), so concurrent statements cannot deadlock.
 */
export async function chargeKeys(db: DbOrTx, charges: Charge[]): Promise<Set<string>> {
  const payload = JSON.stringify([...charges].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((c) => ({ key: c.key, cost: c.cost, max: c.max, secs: c.windowSeconds })));
  const res = await db.execute(sql`
    insert into rate_limits as r (key, points, max_points, window_ends_at)
    select t.key, t.cost, t.max, now() + make_interval(secs => t.secs)
    from rows from (jsonb_to_recordset(${payload}::jsonb) as (key text, cost int, max int, secs int)) with ordinality as t(key, cost, max, secs, n)
    order by t.n
    on conflict (key) do update set
      points = case when r.window_ends_at <= now() then excluded.points else r.points + excluded.points end,
      max_points = excluded.max_points,
      window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
    where r.window_ends_at <= now() or r.points + excluded.points <= excluded.max_points
    returning r.key`);
  return new Set(rowsOf(res).map((r) => String(r.key)));
}

/** Gives back what `chargeKeys` took (an all-or-nothing charge refused by another key). */
export async function refundKeys(db: DbOrTx, charges: Pick<Charge, "key" | "cost">[]): Promise<void> {
  if (!charges.length) return;
  const payload = JSON.stringify(charges.map((c) => ({ key: c.key, cost: c.cost })));
  await db.execute(sql`
    update rate_limits as r set points = greatest(0, r.points - t.cost)
    from jsonb_to_recordset(${payload}::jsonb) as t(key text, cost int)
    where r.key = t.key`);
}

export type KeyState = { key: string; points: number; maxPoints: number; seconds: number };

/** The keys' counts in windows that have not ended, with the seconds until each ends (at least 1). */
export async function readKeys(db: DbOrTx, keys: string[]): Promise<KeyState[]> {
  if (!keys.length) return [];
  const res = await db.execute(sql`
    select key, points, max_points, greatest(1, ceil(extract(epoch from (window_ends_at - now()))))::int as seconds
    from rate_limits
    where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) and window_ends_at > now()`);
  return rowsOf(res).map((r) => ({ key: String(r.key), points: Number(r.points), maxPoints: Number(r.max_points), seconds: Number(r.seconds) }));
}

export async function deleteKeys(db: DbOrTx, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await db.execute(sql`delete from rate_limits where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`);
}

export async function deleteKeysWithPrefix(db: DbOrTx, prefix: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where starts_with(key, ${prefix})`);
}

/** Rows whose window ended a while ago; run now and then, by whichever instance happens to charge. */
export async function pruneKeys(db: DbOrTx): Promise<void> {
  await db.execute(sql`delete from rate_limits where window_ends_at < now() - interval '10 minutes'`);
}

/**
 * Counts one event on `key` whatever the count (failed sign-ins are counted, never refused here):
 * a window that has ended starts again at 1; the event that reaches `block.limit` moves the
 * window's end to now + `block.seconds`. Returns the count after this event.
 */
export async function countKey(db: DbOrTx, key: string, windowSeconds: number, block?: { limit: number; seconds: number }): Promise<number> {
  const max = block?.limit ?? 2_147_483_647;
  const window = sql`now() + make_interval(secs => ${windowSeconds})`;
  const end = block
    ? sql`case
        when r.window_ends_at <= now() then ${window}
        when r.points + 1 = ${block.limit} then now() + make_interval(secs => ${block.seconds})
        else r.window_ends_at end`
    : sql`case when r.window_ends_at <= now() then ${window} else r.window_ends_at end`;
  const res = await db.execute(sql`
    insert into rate_limits as r (key, points, max_points, window_ends_at)
    values (${key}, 1, ${max}, ${window})
    on conflict (key) do update set
      points = case when r.window_ends_at <= now() then 1 else r.points + 1 end,
      max_points = excluded.max_points,
      window_ends_at = ${end}
    returning r.points`);
  return Number(rowsOf(res)[0]?.points ?? 1);
}
