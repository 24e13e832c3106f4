// A workspace's OAuth apps as the vendor manages them, from the dashboard's Workspace settings or
// the vendor API (`/api/v1/oauth-apps`): one input rule and one answer shape for both. The secret is
// sealed by the vault (lib/vault/oauth-apps.ts) and never comes back: the answer carries the client
// id, the redirect URI to register at the provider, the preference, and whether a secret is stored
// (with its fingerprint). Which workspaces get the OAuth route is lib/connections/oauth.ts's.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { oauthProviderSchema, type OAuthAppDto } from "@/lib/connections/api-schemas";
import { redirectUri } from "@/lib/connections/oauth";
import { listOAuthFlows } from "@/lib/providers/flows";
import { findOAuthApp, listOAuthApps, removeOAuthApp, saveOAuthApp, type OAuthAppView } from "@/lib/vault";

const SECRET_NEEDED = "Enter the client secret the provider gave you.";


/** What the vendor sets: the client id and secret the provider issued; an empty or absent secret keeps the stored one. */
export const oauthAppFieldsSchema = z.object({
  clientId: z.string().trim().regex(/^\S{1,200}$/, "Enter the client id the provider gave you (up to 200 characters, no spaces)."),
  clientSecret: z
    .string()
    .max(2048, "The client secret must be at most 2048 characters.")
    .transform((v) => (v.trim() === "" ? undefined : v.trim()))
    .optional(),
  preferred: z.boolean().default(true),
});


export function toOAuthAppDto(app: OAuthAppView): OAuthAppDto {
  return {
    provider: app.provider,
    client_id: app.clientId,
    redirect_uri: redirectUri(),
    preferred: app.preferred,
    has_secret: app.hasSecret,
    secret_fingerprint: app.secretFingerprint,
    updated_at: app.updatedAt.toISOString(),
  };
}

/** Create or change a workspace's app (one transaction, audited by the vault). A new app needs its secret. */
export async function setWorkspaceOAuthApp(
  db: Db,
  input: { workspaceId: string; provider: string; fields: z.input<typeof oauthAppFieldsSchema>; actor: Actor },
): Promise<OAuthAppView> {
  const provider = oauthProviderSchema.parse(input.provider);
  const v = oauthAppFieldsSchema.parse(input.fields);
  const existing = await findOAuthApp(db, input.workspaceId, provider);
  if (!existing?.hasSecret && !v.clientSecret) throw new AppError("invalid_input", SECRET_NEEDED, { fieldErrors: { clientSecret: [SECRET_NEEDED] } });
  return db.transaction((tx) =>
    saveOAuthApp(tx, { workspaceId: input.workspaceId, provider, clientId: v.clientId, ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}), preferred: v.preferred, actor: input.actor }),
  );
}

/** Remove a workspace's app: its secret is crypto-shredded; the workspace falls back to the provider's other route. */
export async function removeWorkspaceOAuthApp(db: Db, input: { workspaceId: string; provider: string; actor: Actor }): Promise<boolean> {
  const provider = oauthProviderSchema.parse(input.provider);
  return db.transaction((tx) => removeOAuthApp(tx, { workspaceId: input.workspaceId, provider, actor: input.actor }));
}

/** The workspace's apps, one per provider that has an OAuth route. */
export async function listWorkspaceOAuthApps(db: Db, workspaceId: string): Promise<OAuthAppView[]> {
  const offered = new Set(listOAuthFlows().map((f) => f.provider as string));
  return (await listOAuthApps(db, workspaceId)).filter((a) => offered.has(a.provider));
}

