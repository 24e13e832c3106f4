// The vault: the only code that sees plaintext secrets (credentials, webhook signing secrets, and
// whatever else is registered in lib/vault/registry.ts). Server-only: a lint rule keeps it out of
// client code, and importing it into a client bundle fails the build.
import "server-only";

export { Secret, revealAll, REDACTED_SECRET } from "@/lib/vault/secret";
export { sealCredential, openCredential, fingerprintOf, type SealInput } from "@/lib/vault/credentials";
export { seal, open, type Sealed } from "@/lib/vault/seal";
export { credentialKind, webhookSecretKind, oauthClientSecretKind, jsonKind, type SealedKind } from "@/lib/vault/kinds";
export { generateWebhookSecret, sealWebhookSecret, openWebhookSecret } from "@/lib/vault/webhook-secrets";
export { findOAuthApp, listOAuthApps, saveOAuthApp, removeOAuthApp, openOAuthApp, type OAuthAppView } from "@/lib/vault/oauth-apps";
export { sealedColumns, countByKek, countByColumn, shredOwned, shredCredential } from "@/lib/vault/registry";
export { sealedTable, type SealedColumn, type SealedTableSpec } from "@/lib/vault/column";
export { VaultError, isVaultError, type VaultProblem } from "@/lib/vault/errors";
export { LocalKeyProvider, type KeyProvider } from "@/lib/vault/key-provider";
export { parseKeyring, type Keyring } from "@/lib/vault/keyring";
export { getKeyProvider, setKeyProvider } from "@/lib/vault/state";
export { initVault } from "@/lib/vault/startup";
export { rewrapAll, type RewrapSummary } from "@/lib/vault/rewrap";
