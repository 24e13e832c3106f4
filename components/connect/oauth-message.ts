// The one message the OAuth callback page (app/oauth/callback/route.ts) posts to the wizard that
// opened it, addressed to Latchkey's own origin. It carries the outcome only, never a token.
export const OAUTH_MESSAGE = "latchkey:oauth";

export type OAuthOutcomeView =
  | { ok: true; connectionId: string; provider: string; accountLabel?: string; optionalMissing: string[] }
  | { ok: false; code: string; provider?: string; missingScopes?: string[]; retryAfterSeconds?: number };

/** Accepts the callback's message, from Latchkey's own origin only. */
export function readOAuthMessage(event: { origin: string; data: unknown }, ownOrigin: string): OAuthOutcomeView | null {
  if (event.origin !== ownOrigin) return null;
  const d = event.data as { type?: unknown; outcome?: unknown } | null;
  if (!d || typeof d !== "object" || d.type !== OAUTH_MESSAGE || !d.outcome || typeof d.outcome !== "object") return null;
  const o = d.outcome as { ok?: unknown; code?: unknown; connectionId?: unknown };
  if (o.ok === true && typeof o.connectionId === "string") return d.outcome as OAuthOutcomeView;
  if (o.ok === false && typeof o.code === "string") return d.outcome as OAuthOutcomeView;
  return null;
}
