// How many data keys a local key-encryption key has wrapped (issue 14, case 7). AES-256-GCM with
// random 96-bit IVs stays within its security bounds for about 2^32 encryptions under one key
// (NIST SP 800-38D, 8.3), so the local provider counts every wrap and refuses past a cap
// (LATCHKEY_KEK_WRAP_LIMIT), asking for a rotation instead. The count lives in the database
// (kek_wrap_counts), shared by every instance; a wrap whose transaction later rolls back still
// counts, which errs on the safe side.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { kekWrapCounts } from "@/lib/db/schema";

export interface WrapCounter {
  /** Count one more wrap under `kekId` and return the new total. */
  increment(kekId: string): Promise<number>;
}

/** The shared count. `db` is resolved at each call, so a handle can be passed before it connects. */
export function dbWrapCounter(db: () => DbOrTx): WrapCounter {
  return {
    async increment(kekId) {
      const [row] = await db()
        .insert(kekWrapCounts)
        .values({ kekId, wraps: 1 })
        .onConflictDoUpdate({ target: kekWrapCounts.kekId, set: { wraps: sql`${kekWrapCounts.wraps} + 1`, updatedAt: sql`now()` } })
        .returning({ wraps: kekWrapCounts.wraps });
      return Number(row!.wraps);
    },
  };
}

/**
 * The count for the embedded database, where one PostgreSQL session is shared by every client in
 * turns: a client that waits for its turn while the sealing transaction waits for it would never
 * get one (the start-up seal of the demo's OAuth app hung there for the 10 s timeout). The
 * embedded database belongs to one process, so the count is kept here and written to
 * kek_wrap_counts after the seal, outside the seal's transaction; the cap is checked against the
 * stored count plus this process's wraps since.
 */
export function deferredDbWrapCounter(db: () => DbOrTx): WrapCounter & { flush(): Promise<void> } {
  const totals = new Map<string, number>();
  const unsaved = new Map<string, number>();
  let loaded: Promise<void> | undefined;
  let writing: Promise<void> = Promise.resolve();
  const load = () =>
    (loaded ??= (async () => {
      for (const row of await db().select().from(kekWrapCounts)) totals.set(row.kekId, Number(row.wraps) + (totals.get(row.kekId) ?? 0));
    })().catch(() => {
      loaded = undefined;
    }));
  const flush = async () => {
    for (const [kekId, n] of unsaved) {
      if (n === 0) continue;
      unsaved.set(kekId, 0);
      try {
        await db()
          .insert(kekWrapCounts)
          .values({ kekId, wraps: n })
          .onConflictDoUpdate({ target: kekWrapCounts.kekId, set: { wraps: sql`${kekWrapCounts.wraps} + ${n}`, updatedAt: sql`now()` } });
      } catch {
        unsaved.set(kekId, (unsaved.get(kekId) ?? 0) + n);
      }
    }
  };
  return {
    async increment(kekId) {
      const total = (totals.get(kekId) ?? 0) + 1;
      totals.set(kekId, total);
      unsaved.set(kekId, (unsaved.get(kekId) ?? 0) + 1);
      // Not awaited: the write waits for its turn after the sealing transaction.
      writing = writing.then(load).then(flush);
      return total;
    },
    flush: () => (writing = writing.then(load).then(flush)),
  };
}

/** A count in memory: benchmarks and unit tests. */
export class MemoryWrapCounter implements WrapCounter {
  readonly counts = new Map<string, number>();
  async increment(kekId: string): Promise<number> {
    const n = (this.counts.get(kekId) ?? 0) + 1;
    this.counts.set(kekId, n);
    return n;
  }
}

/** The default cap: 2^32 wraps per key. */
export const DEFAULT_WRAP_LIMIT = 2 ** 32;
