// Key rotation: re-wrap every data key that is not under the active KEK, in every sealed column
// of the registry (lib/vault/registry.ts). Online (each batch is one short UPDATE; readers keep
// opening values under either key), resumable and idempotent (values already under the active KEK
// are skipped; an update only lands if the row is still exactly what was read), and it compares
// KEK ids rather than assuming anything. Only data keys change: payloads are never re-encrypted.
import type { Db } from "@/lib/db";
import type { ColumnBatch, RewrapFailure, SealedColumn } from "@/lib/vault/column";
import type { KeyProvider } from "@/lib/vault/key-provider";
import { countByColumn, countByKek, sealedColumns } from "@/lib/vault/registry";

export type { RewrapFailure };
export type BatchResult = ColumnBatch & { column: string };
export type RewrapSummary = {
  activeKeyId: string;
  /** Sealed values per KEK id, every column together. */
  before: Record<string, number>;
  after: Record<string, number>;
  /** The same per column (by column name). */
  afterByColumn: Record<string, Record<string, number>>;
  batches: number;
  scanned: number;
  rewrapped: number;
  changedMeanwhile: number;
  failures: RewrapFailure[];
};

export async function rewrapAll(
  db: Db,
  provider: KeyProvider,
  options: {
    batchSize?: number;
    pauseMs?: number;
    signal?: AbortSignal;
    onBatch?: (batch: BatchResult, index: number) => void;
    /** Tests: a subset of the registry. */
    columns?: readonly SealedColumn[];
  } = {},
): Promise<RewrapSummary> {
  const limit = Math.max(1, Math.min(options.batchSize ?? 200, 5000));
  const before = await countByKek(db);
  const summary: RewrapSummary = {
    activeKeyId: provider.activeKeyId(),
    before,
    after: before,
    afterByColumn: {},
    batches: 0,
    scanned: 0,
    rewrapped: 0,
    changedMeanwhile: 0,
    failures: [],
  };
  for (const column of options.columns ?? sealedColumns) {
    let after: string | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const batch = await column.rewrapBatch(db, provider, { after, limit });
      if (!batch.scanned) break;
      summary.batches++;
      summary.scanned += batch.scanned;
      summary.rewrapped += batch.rewrapped;
      summary.changedMeanwhile += batch.changedMeanwhile;
      summary.failures.push(...batch.failures);
      options.onBatch?.({ ...batch, column: column.name }, summary.batches);
      after = batch.lastId;
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  }
  summary.after = await countByKek(db);
  summary.afterByColumn = await countByColumn(db);
  return summary;
}
