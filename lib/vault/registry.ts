// The registry of sealed columns: every place the vault's sealed values are stored. `vault:rewrap`
// (lib/vault/rewrap.ts), the start-up key check (lib/vault/startup.ts) and crypto-shredding
// (shredOwned below) iterate over this list, so a column missing here would survive a key rotation
// unrewrapped and block nothing at start: add each new sealed column here.
//
// Adding one (lib/vault/oauth-apps.ts is the latest example):
//   1. a kind in lib/vault/kinds.ts: `jsonKind<Ctx>("oauth_token", "latchkey.oauth_token.v1", (c) => [ …the row's identifying columns… ], describe)`;
//   2. a table in the credential layout (see SealedTableSpec in lib/vault/column.ts) and
//      `export const oauthTokensColumn = sealedTable({ table: "oauth_tokens", kind, noun, contextColumns, context, owner: { type: "connection", column: "connection_id", label: "connection" }, shredDetails })`
//      (client secrets: owner `{ type: "workspace", column: "workspace_id" }`), or a SealedColumn of
//      its own for another layout (lib/vault/webhook-secrets.ts is one);
//   3. seal and open its values with seal(kind, ctx, …) / open(kind, ctx, …) from lib/vault/seal.ts;
//   4. list it below. lib/vault/registry.int.test.ts then covers it in the rotation and start-up tests.
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import type { OwnerType, SealedColumn } from "@/lib/vault/column";
import { credentialsColumn } from "@/lib/vault/credentials";
import { oauthAppsColumn } from "@/lib/vault/oauth-apps";
import { webhookSecretsColumn } from "@/lib/vault/webhook-secrets";

// A connection's OAuth tokens are its credential (credentialsColumn, sealed by the OAuth callback and
// the refresh worker in lib/connections/oauth.ts); the workspace's OAuth client secrets are oauthAppsColumn.
export const sealedColumns: readonly SealedColumn[] = [credentialsColumn, webhookSecretsColumn, oauthAppsColumn];

/** Sealed values per KEK id, per column (by column name). */
export async function countByColumn(db: DbOrTx): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const column of sealedColumns) out[column.name] = await column.countByKek(db);
  return out;
}

/** Sealed values per KEK id, every column together. */
export async function countByKek(db: DbOrTx): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const counts of Object.values(await countByColumn(db))) for (const [id, n] of Object.entries(counts)) total[id] = (total[id] ?? 0) + n;
  return Object.fromEntries(Object.entries(total).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Crypto-shredding: destroy the data keys of everything sealed that the owner holds (for a
 * connection: its credential, and its OAuth tokens once they exist), inside the owner's delete
 * transaction, with one audit entry per column. Idempotent.
 */
export async function shredOwned(tx: DbOrTx, input: { owner: OwnerType; workspaceId: string; id: string; actor: Actor }): Promise<void> {
  for (const column of sealedColumns) {
    if (column.owner.type !== input.owner || !column.shred) continue;
    const details = await column.shred(tx, { workspaceId: input.workspaceId, id: input.id });
    if (!details) continue;
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: `${column.kind}.shredded`,
      target: { type: input.owner, id: input.id },
      details,
    });
  }
}

/** A deleted connection's sealed values: its credential (and whatever else a connection owns). */
export function shredCredential(tx: DbOrTx, input: { workspaceId: string; connectionId: string; actor: Actor }): Promise<void> {
  return shredOwned(tx, { owner: "connection", workspaceId: input.workspaceId, id: input.connectionId, actor: input.actor });
}
