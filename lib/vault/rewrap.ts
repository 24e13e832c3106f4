// Key rotation: re-wrap every data key that is not under the active KEK. Online (each batch is
// one short UPDATE; readers keep opening rows under either key), resumable and idempotent (rows
// already under the active KEK are skipped; an update only lands if the row is still exactly what
// was read), and it compares KEK ids rather than assuming anything.
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rewrapDataKey, type SealContext } from "@/lib/vault/envelope";
import { isVaultError } from "@/lib/vault/errors";
import type { KeyProvider } from "@/lib/vault/key-provider";
import { countByKek } from "@/lib/vault/state";

export type RewrapFailure = { credentialId: string; connectionId: string; kekId: string; problem: string };
export type BatchResult = {
  /** Keyset cursor: the last credential id looked at, or null when there was nothing left. */
  lastId: string | null;
  scanned: number;
  rewrapped: number;
  /** The row changed between read and write (a new version was sealed, or it was shredded): its new state needs nothing. */
  changedMeanwhile: number;
  failures: RewrapFailure[];
};
export type RewrapSummary = {
  activeKeyId: string;
  before: Record<string, number>;
  after: Record<string, number>;
  batches: number;
  scanned: number;
  rewrapped: number;
  changedMeanwhile: number;
  failures: RewrapFailure[];
};

type Row = { id: string; workspace_id: string; connection_id: string; provider: string; version: number; kek_id: string; wrapped_key: Buffer };

/** One batch after the cursor `after`. Crypto (possibly a remote KMS) runs outside any transaction. */
export async function rewrapBatch(db: Db, provider: KeyProvider, options: { after?: string | null; batchSize?: number } = {}): Promise<BatchResult> {
  const active = provider.activeKeyId();
  const limit = Math.max(1, Math.min(options.batchSize ?? 200, 5000));
  const { rows } = await db.execute<Row>(sql`
    select id, workspace_id, connection_id, provider, version, kek_id, wrapped_key
    from credentials
    where shredded_at is null and kek_id is not null and kek_id <> ${active} and id > ${options.after ?? ""}
    order by id
    limit ${limit}`);
  const result: BatchResult = { lastId: rows.at(-1)?.id ?? null, scanned: rows.length, rewrapped: 0, changedMeanwhile: 0, failures: [] };
  if (!rows.length) return result;

  const updates: { row: Row; kekId: string; wrappedKey: Buffer }[] = [];
  for (const row of rows) {
    const ctx: SealContext = { workspaceId: row.workspace_id, connectionId: row.connection_id, provider: row.provider, version: Number(row.version) };
    try {
      const next = await rewrapDataKey(provider, ctx, row.kek_id, row.wrapped_key);
      if (next.kekId !== active) throw new Error(`the key provider wrapped under "${next.kekId}", not the active "${active}"`);
      updates.push({ row, ...next });
    } catch (e) {
      result.failures.push({
        credentialId: row.id,
        connectionId: row.connection_id,
        kekId: row.kek_id,
        problem: isVaultError(e) ? e.message : `unexpected: ${e instanceof Error ? e.name : "error"}`,
      });
    }
  }
  if (updates.length) {
    // Compare-and-set on KEK id, wrapped key and version: a row re-sealed or shredded meanwhile is left alone.
    const values = sql.join(
      updates.map((u) => sql`(${u.row.id}::text, ${u.row.kek_id}::text, ${u.row.wrapped_key}::bytea, ${Number(u.row.version)}::int, ${u.kekId}::text, ${u.wrappedKey}::bytea)`),
      sql`, `,
    );
    const updated = await db.execute<{ id: string }>(sql`
      update credentials as c
      set kek_id = v.new_kek, wrapped_key = v.new_wrapped, updated_at = now()
      from (values ${values}) as v(id, old_kek, old_wrapped, version, new_kek, new_wrapped)
      where c.id = v.id and c.kek_id = v.old_kek and c.wrapped_key = v.old_wrapped and c.version = v.version and c.shredded_at is null
      returning c.id`);
    result.rewrapped = updated.rows.length;
    result.changedMeanwhile = updates.length - updated.rows.length;
  }
  return result;
}

export async function rewrapAll(
  db: Db,
  provider: KeyProvider,
  options: { batchSize?: number; pauseMs?: number; signal?: AbortSignal; onBatch?: (batch: BatchResult, index: number) => void } = {},
): Promise<RewrapSummary> {
  const before = await countByKek(db);
  const summary: RewrapSummary = { activeKeyId: provider.activeKeyId(), before, after: before, batches: 0, scanned: 0, rewrapped: 0, changedMeanwhile: 0, failures: [] };
  let after: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await rewrapBatch(db, provider, { after, batchSize: options.batchSize });
    if (!batch.scanned) break;
    summary.batches++;
    summary.scanned += batch.scanned;
    summary.rewrapped += batch.rewrapped;
    summary.changedMeanwhile += batch.changedMeanwhile;
    summary.failures.push(...batch.failures);
    options.onBatch?.(batch, summary.batches);
    after = batch.lastId;
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
  }
  summary.after = await countByKek(db);
  return summary;
}
