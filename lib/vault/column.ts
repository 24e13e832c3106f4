// A sealed column: where values of one kind are stored, and the three things the vault does to all
// of them at once: count them per key-encryption key (the start-up check and `vault:rewrap --check`),
// re-wrap their data keys under the active key in batches (`vault:rewrap`), and crypto-shred the
// ones an owner leaves behind (a deleted connection). Registered in lib/vault/registry.ts.
import { sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { rewrapDataKey, type Sealed } from "@/lib/vault/envelope";
import { isVaultError } from "@/lib/vault/errors";
import type { KeyProvider } from "@/lib/vault/key-provider";
import type { SealedKind } from "@/lib/vault/kinds";
import { open } from "@/lib/vault/seal";

export type OwnerType = "connection" | "workspace" | "webhook_endpoint";

export type RewrapFailure = { column: string; id: string; owner: string; kekId: string; problem: string };

export type ColumnBatch = {
  /** Keyset cursor: the last row id looked at, or null when there was nothing left. */
  lastId: string | null;
  /** Rows looked at (a row may hold several sealed values). */
  scanned: number;
  rewrapped: number;
  /** The value changed between read and write (re-sealed, rotated or shredded): its new state needs nothing. */
  changedMeanwhile: number;
  failures: RewrapFailure[];
};

export interface SealedColumn {
  /** `table` or `table.column`, for messages and the rewrap's output. */
  readonly name: string;
  /** The kind's name (lib/vault/kinds.ts); audit actions are `<kind>.shredded`. */
  readonly kind: string;
  /** How a message counts its values: ["stored credential", "stored credentials"]. */
  readonly noun: readonly [singular: string, plural: string];
  readonly owner: { readonly type: OwnerType; readonly label: string };
  /** Values still holding a data key, per KEK id. */
  countByKek(db: DbOrTx): Promise<Record<string, number>>;
  /**
   * One batch of rows after `after` holding a value not under the provider's active KEK. Crypto
   * (possibly a remote KMS) runs outside any transaction; each write is a compare-and-set, so a
   * value re-sealed meanwhile is left to its writer, and a second run finds nothing to do.
   */
  rewrapBatch(db: Db, provider: KeyProvider, options: { after: string | null; limit: number }): Promise<ColumnBatch>;
  /**
   * Destroy the data keys of every value the owner holds, inside the owner's delete transaction;
   * returns what the audit entry records (ids and versions, never a value), or null if nothing was
   * left. Columns whose rows are deleted with their owner have none.
   */
  shred?(tx: DbOrTx, owner: { workspaceId: string; id: string }): Promise<Record<string, unknown> | null>;
}

export const plural = (column: Pick<SealedColumn, "noun">, n: number) => `${n} ${n === 1 ? column.noun[0] : column.noun[1]}`;

export function failureOf(column: string, id: string, owner: string, kekId: string, e: unknown): RewrapFailure {
  return { column, id, owner, kekId, problem: isVaultError(e) ? e.message : `unexpected: ${e instanceof Error ? e.name : "error"}` };
}

/**
 * A table with one sealed value per row in the credential layout: `id`, `workspace_id`, the
 * context columns, `kek_id`, `wrapped_key`, `iv`, `tag`, `ciphertext` (bytea, nullable),
 * `shredded_at` and `updated_at`. A new table in this layout needs only this spec.
 */
export type SealedTableSpec<C> = {
  table: string;
  kind: SealedKind<C>;
  noun: readonly [string, string];
  /** The columns the kind's context is built from, in the row as selected (snake_case). */
  contextColumns: readonly string[];
  context: (row: Record<string, unknown>) => C;
  /** The owner's column: its rows are crypto-shredded when the owner is deleted. */
  owner: { type: OwnerType; column: string; label: string };
  /** The audit details of a shred, from the rows shredded (ids and versions only). */
  shredDetails: (rows: Array<Record<string, unknown>>) => Record<string, unknown>;
};

/** One row of a sealed table as read: its columns (snake_case), and its sealed parts unless shredded. */
export type SealedRow = { row: Record<string, unknown>; sealed: Sealed | null };

/** A sealed table in the registry, plus the one way its callers read and open a row. */
export interface SealedTable<C> extends SealedColumn {
  /**
   * The row whose columns equal `where` (snake_case names; the caller always scopes by
   * workspace_id), or undefined. `sealed` is null when the value was crypto-shredded.
   */
  readRow(db: DbOrTx, where: Record<string, string>): Promise<SealedRow | undefined>;
  /** The kind's context from a row's own columns. */
  context(row: Record<string, unknown>): C;
  /** Open a row's value with the context built from the row's own columns (lib/vault/seal.ts logs and rethrows a failure). */
  openRow(row: Record<string, unknown>, sealed: Sealed, logIds?: Record<string, unknown>): Promise<Buffer>;
}

export function sealedTable<C>(spec: SealedTableSpec<C>): SealedTable<C> {
  const table = sql.identifier(spec.table);
  const col = (name: string) => sql.identifier(name);
  const ctxCols = spec.contextColumns;
  return {
    name: spec.table,
    kind: spec.kind.name,
    noun: spec.noun,
    owner: { type: spec.owner.type, label: spec.owner.label },

    async readRow(db, where) {
      const conditions = Object.entries(where).map(([c, v]) => sql`${col(c)} = ${v}`);
      if (!conditions.length) throw new Error("readRow needs at least one column to match");
      const { rows } = await db.execute<Record<string, unknown>>(sql`select * from ${table} where ${sql.join(conditions, sql` and `)} limit 1`);
      const row = rows[0];
      if (!row) return undefined;
      const [kekId, wrappedKey, iv, tag, ciphertext] = [row.kek_id, row.wrapped_key, row.iv, row.tag, row.ciphertext];
      const whole = !row.shredded_at && typeof kekId === "string" && [wrappedKey, iv, tag, ciphertext].every((b) => Buffer.isBuffer(b));
      return { row, sealed: whole ? { kekId: kekId as string, wrappedKey: wrappedKey as Buffer, iv: iv as Buffer, tag: tag as Buffer, ciphertext: ciphertext as Buffer } : null };
    },

    context: spec.context,

    openRow(row, sealed, logIds = {}) {
      return open(spec.kind, spec.context(row), sealed, logIds);
    },

    async countByKek(db) {
      const result = await db.execute<{ kek_id: string; n: string | number }>(
        sql`select kek_id, count(*) as n from ${table} where shredded_at is null and kek_id is not null group by kek_id order by kek_id`,
      );
      return Object.fromEntries(result.rows.map((r) => [r.kek_id, Number(r.n)]));
    },

    async rewrapBatch(db, provider, { after, limit }) {
      const active = provider.activeKeyId();
      const ownerCol = spec.owner.column;
      const selected = [...new Set(["id", "kek_id", "wrapped_key", ownerCol, ...ctxCols])];
      const { rows } = await db.execute<Record<string, unknown>>(sql`
        select ${sql.join(selected.map(col), sql`, `)}
        from ${table}
        where shredded_at is null and kek_id is not null and kek_id <> ${active} and id > ${after ?? ""}
        order by id
        limit ${limit}`);
      const batch: ColumnBatch = { lastId: (rows.at(-1)?.id as string | undefined) ?? null, scanned: rows.length, rewrapped: 0, changedMeanwhile: 0, failures: [] };
      const updates: { row: Record<string, unknown>; kekId: string; wrappedKey: Buffer }[] = [];
      for (const row of rows) {
        try {
          const next = await rewrapDataKey(provider, spec.kind, spec.context(row), row.kek_id as string, row.wrapped_key as Buffer);
          if (next.kekId !== active) throw new Error(`the key provider wrapped under "${next.kekId}", not the active "${active}"`);
          updates.push({ row, ...next });
        } catch (e) {
          batch.failures.push(failureOf(spec.table, row.id as string, row[ownerCol] as string, row.kek_id as string, e));
        }
      }
      if (updates.length) {
        // Compare-and-set on KEK id, wrapped key and every context column: a row re-sealed or shredded meanwhile is left alone.
        const values = sql.join(
          updates.map(
            (u) =>
              sql`(${sql.join(
                [
                  sql`${u.row.id as string}::text`,
                  sql`${u.row.kek_id as string}::text`,
                  sql`${u.row.wrapped_key as Buffer}::bytea`,
                  ...ctxCols.map((c) => sql`${String(u.row[c])}::text`),
                  sql`${u.kekId}::text`,
                  sql`${u.wrappedKey}::bytea`,
                ],
                sql`, `,
              )})`,
          ),
          sql`, `,
        );
        const ctxNames = ctxCols.map((_, i) => `ctx_${i}`);
        const vCols = sql.raw(["id", "old_kek", "old_wrapped", ...ctxNames, "new_kek", "new_wrapped"].join(", "));
        const sameContext: SQL[] = ctxCols.map((c, i) => sql`${sql.identifier("c")}.${col(c)}::text = v.${sql.raw(ctxNames[i]!)}`);
        const updated = await db.execute<{ id: string }>(sql`
          update ${table} as c
          set kek_id = v.new_kek, wrapped_key = v.new_wrapped, updated_at = now()
          from (values ${values}) as v(${vCols})
          where c.id = v.id and c.kek_id = v.old_kek and c.wrapped_key = v.old_wrapped and c.shredded_at is null
            ${sameContext.length ? sql`and ${sql.join(sameContext, sql` and `)}` : sql``}
          returning c.id`);
        batch.rewrapped = updated.rows.length;
        batch.changedMeanwhile = updates.length - updated.rows.length;
      }
      return batch;
    },

    async shred(tx, owner) {
      const { rows } = await tx.execute<Record<string, unknown>>(sql`
        update ${table}
        set kek_id = null, wrapped_key = null, iv = null, tag = null, ciphertext = null, shredded_at = now(), updated_at = now()
        where workspace_id = ${owner.workspaceId} and ${col(spec.owner.column)} = ${owner.id} and shredded_at is null
        returning ${sql.join([...new Set(["id", ...ctxCols])].map(col), sql`, `)}`);
      return rows.length ? spec.shredDetails(rows) : null;
    },
  };
}
