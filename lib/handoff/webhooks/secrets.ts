// Webhook signing secrets are sealed by the vault (lib/vault/webhook-secrets.ts: the webhook-secret
// kind and its registered column, so key rotation and the start-up key check cover them). These
// are the names the endpoints and the delivery worker use. The vault's inner module, not
// @/lib/vault: the worker runs outside Next.js, where "server-only" cannot be imported.
import { generateWebhookSecret, openWebhookSecret, sealWebhookSecret, type WebhookSecretContext } from "@/lib/vault/webhook-secrets";

export type SecretContext = WebhookSecretContext;

export const generateSigningSecret = generateWebhookSecret;
export const sealSigningSecret = sealWebhookSecret;

/** The secret in plaintext, for signing one delivery (standardwebhooks takes a string). */
export async function openSigningSecret(sealed: string, ctx: SecretContext): Promise<string> {
  return (await openWebhookSecret(sealed, ctx)).reveal();
}
