// Who may frame what. Only the wizard (/connect/<token>) may be framed, and only by the origins of
// the workspace that created the session; every other page says frame-ancestors 'none'.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { connectSessions, workspaces } from "@/lib/db/schema";
import { hashSessionToken } from "@/lib/connect/token";

export const DENY_FRAMING = "frame-ancestors 'none'";

const CONNECT_PATH = /^\/connect\/([A-Za-z0-9_-]{20,200})(?:\/|$)/;

/** The session token in a wizard path, or null. */
export function connectTokenOf(pathname: string): string | null {
  return CONNECT_PATH.exec(pathname)?.[1] ?? null;
}

/** A CSP source expression must not smuggle in another directive or source: origins only. */
function safeSource(origin: string): string | null {
  return /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(origin) ? origin : null;
}

export function frameAncestorsFor(origins: readonly string[]): string {
  const list = origins.map(safeSource).filter((o): o is string => !!o);
  return list.length ? `frame-ancestors ${[...new Set(list)].join(" ")}` : DENY_FRAMING;
}

// A short cache: the wizard calls its page's server actions many times a minute, and allowed
// origins change rarely. Keyed by the token's hash, never the token.
const TTL_MS = 15_000;
const MAX = 2000;
const store = globalThis as unknown as { __latchkeyFraming?: Map<string, { at: number; origins: string[]; known: boolean }> };

export async function allowedOriginsForToken(db: DbOrTx, token: string): Promise<string[]> {
  return (await lookupToken(db, token)).origins;
}

/** Whether a session has this token (used or expired included): proxy.ts limits unknown ones. */
export async function isKnownToken(db: DbOrTx, token: string): Promise<boolean> {
  return (await lookupToken(db, token)).known;
}

async function lookupToken(db: DbOrTx, token: string): Promise<{ origins: string[]; known: boolean }> {
  const hash = hashSessionToken(token);
  const cache = (store.__latchkeyFraming ??= new Map());
  const hit = cache.get(hash);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  // Expired and used sessions still frame for their workspace, so the wizard can say so inside the modal.
  const [row] = await db
    .select({ origins: workspaces.allowedOrigins })
    .from(connectSessions)
    .innerJoin(workspaces, eq(workspaces.id, connectSessions.workspaceId))
    .where(eq(connectSessions.tokenHash, hash))
    .limit(1);
  const entry = { at: Date.now(), origins: row?.origins ?? [], known: !!row };
  if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
  cache.set(hash, entry);
  return entry;
}

export function clearFramingCache(): void {
  store.__latchkeyFraming?.clear();
}

/** The headers a response to `pathname` gets. */
export async function framingHeaders(db: DbOrTx, pathname: string): Promise<Record<string, string>> {
  const token = connectTokenOf(pathname);
  if (!token) return { "content-security-policy": DENY_FRAMING, "x-frame-options": "DENY" };
  // No X-Frame-Options here: it cannot name origins, and browsers that know CSP ignore it anyway.
  // No Referer from the wizard: its URL holds the session token.
  return { "content-security-policy": frameAncestorsFor(await allowedOriginsForToken(db, token)), "referrer-policy": "no-referrer" };
}
