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
