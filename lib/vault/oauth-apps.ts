// A workspace's OAuth application at a provider: the client id (plain) and the client secret,
// sealed under the oauth_client_secret kind in the credential layout of `oauth_apps`, registered in
// lib/vault/registry.ts (rewrap, start-up key check, crypto-shredding with the workspace). The
// connection's tokens are its credential (lib/vault/credentials.ts): the callback seals them there.
// Nothing here logs, throws or audits a value.
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { oauthApps } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { sealedTable, type SealedTable } from "@/lib/vault/column";
import { fingerprintOf } from "@/lib/vault/credentials";
import { VaultError } from "@/lib/vault/errors";
import { oauthClientSecretKind, type OAuthClientSecretContext } from "@/lib/vault/kinds";
import { seal } from "@/lib/vault/seal";
import { Secret } from "@/lib/vault/secret";

/** What may be shown: never the secret, only its last characters. */
export type OAuthAppView = { provider: string; clientId: string; preferred: boolean; secretFingerprint: string | null; hasSecret: boolean; updatedAt: Date };

const MAX_SECRET = 2048;

export async function findOAuthApp(db: DbOrTx, workspaceId: string, provider: string): Promise<OAuthAppView | undefined> {
  const [row] = await db.select().from(oauthApps).where(and(eq(oauthApps.workspaceId, workspaceId), eq(oauthApps.provider, provider))).limit(1);
  if (!row || row.shreddedAt) return undefined;
  return { provider: row.provider, clientId: row.clientId, preferred: row.preferred, secretFingerprint: row.fingerprint, hasSecret: !!row.ciphertext, updatedAt: row.updatedAt };
}

export async function listOAuthApps(db: DbOrTx, workspaceId: string): Promise<OAuthAppView[]> {
  const rows = await db.select().from(oauthApps).where(eq(oauthApps.workspaceId, workspaceId));
  return rows
    .filter((r) => !r.shreddedAt)
    .map((r) => ({ provider: r.provider, clientId: r.clientId, preferred: r.preferred, secretFingerprint: r.fingerprint, hasSecret: !!r.ciphertext, updatedAt: r.updatedAt }));
}

/**
 * Create or change a workspace's app. `clientSecret` undefined keeps the stored one (changing only
 * the client id or the preference); a new secret is sealed under version + 1.
 */
export async function saveOAuthApp(
  tx: DbOrTx,
  input: { workspaceId: string; provider: string; clientId: string; clientSecret?: string; preferred: boolean; actor: Actor },
): Promise<OAuthAppView> {
  if (input.clientSecret !== undefined && (!input.clientSecret || input.clientSecret.length > MAX_SECRET))
    throw new VaultError("invalid_input", "invalid_input", "The client secret must be 1 to 2048 characters.");
  const [existing] = await tx
    .select()
    .from(oauthApps)
    .where(and(eq(oauthApps.workspaceId, input.workspaceId), eq(oauthApps.provider, input.provider)))
    .for("update")
    .limit(1);
  if ((!existing || existing.shreddedAt) && input.clientSecret === undefined) throw new VaultError("invalid_input", "invalid_input", "A new OAuth app needs its client secret.");
  const id = existing?.id ?? newId("oapp");
  const now = new Date();
  let sealedColumns = {};
  let version = existing?.version ?? 1;
  if (input.clientSecret !== undefined) {
    version = existing ? existing.version + 1 : 1;
    const ctx: OAuthClientSecretContext = { workspaceId: input.workspaceId, appId: id, provider: input.provider, version };
    const plaintext = Buffer.from(input.clientSecret, "utf8");
    try {
      sealedColumns = { ...(await seal(oauthClientSecretKind, ctx, plaintext)), fingerprint: fingerprintOf(input.clientSecret), shreddedAt: null };
    } finally {
      plaintext.fill(0);
    }
  }
  const values = { clientId: input.clientId, preferred: input.preferred, version, updatedAt: now, ...sealedColumns };
  if (existing) await tx.update(oauthApps).set(values).where(eq(oauthApps.id, id));
  else await tx.insert(oauthApps).values({ id, workspaceId: input.workspaceId, provider: input.provider, ...values });
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: existing && !existing.shreddedAt ? "oauth_app.updated" : "oauth_app.created",
    target: { type: "workspace", id: input.workspaceId },
    details: { provider: input.provider, clientId: input.clientId, preferred: input.preferred, secretChanged: input.clientSecret !== undefined, version },
  });
  return (await findOAuthApp(tx, input.workspaceId, input.provider))!;
}

/** Remove the app: its secret is crypto-shredded and the row kept for the audit trail's ids. */
export async function removeOAuthApp(tx: DbOrTx, input: { workspaceId: string; provider: string; actor: Actor }): Promise<boolean> {
  const rows = await tx
    .update(oauthApps)
    .set({ kekId: null, wrappedKey: null, iv: null, tag: null, ciphertext: null, shreddedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(oauthApps.workspaceId, input.workspaceId), eq(oauthApps.provider, input.provider), isNull(oauthApps.shreddedAt)))
    .returning({ id: oauthApps.id });
  // The row stays (shredded), so the audit trail's ids keep meaning something; saving again re-seals it.
  if (rows.length)
    await recordAudit(tx, { workspaceId: input.workspaceId, actor: input.actor, action: "oauth_app.removed", target: { type: "workspace", id: input.workspaceId }, details: { provider: input.provider } });
  return rows.length > 0;
}

/** The client id and secret for a token or revoke call. Not audited: every refresh opens it. */
export async function openOAuthApp(db: DbOrTx, workspaceId: string, provider: string): Promise<{ clientId: string; clientSecret: Secret } | undefined> {
  const found = await oauthAppsColumn.readRow(db, { workspace_id: workspaceId, provider });
  if (!found?.sealed) return undefined;
  const plaintext = await oauthAppsColumn.openRow(found.row, found.sealed, { appId: found.row.id });
  try {
    return { clientId: String(found.row.client_id), clientSecret: new Secret(plaintext.toString("utf8")) };
  } finally {
    plaintext.fill(0);
  }
}

/** The `oauth_apps` table in the registry: owned by the workspace. */
export const oauthAppsColumn: SealedTable<OAuthClientSecretContext> = sealedTable<OAuthClientSecretContext>({
  table: "oauth_apps",
  kind: oauthClientSecretKind,
  noun: ["OAuth client secret", "OAuth client secrets"],
  contextColumns: ["workspace_id", "id", "provider", "version"],
  context: (r) => ({ workspaceId: String(r.workspace_id), appId: String(r.id), provider: String(r.provider), version: Number(r.version) }),
  owner: { type: "workspace", column: "workspace_id", label: "workspace" },
  shredDetails: (rows) => ({ apps: rows.map((r) => ({ id: String(r.id), provider: String(r.provider), version: Number(r.version) })) }),
});
