// Connect sessions: the short-lived capability a vendor's backend creates and the wizard runs on.
// The token is the only credential the iframe has (third-party iframes get no cookies), so it is
// long and random, only its hash is stored, and it is never logged.
import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import {
  connections,
  connectSessions,
  sessionEvents,
  workspaces,
  type ConnectSession,
  type Workspace,
} from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { localize } from "@/lib/i18n";
import { AppError, type ErrorCode } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { prefillProblems, type SessionPrefill } from "@/lib/providers/prefill";
import { getProvider } from "@/lib/providers";
import type { Lang, Localized, ProviderId, ScopeId } from "@/lib/providers/types";
import { funnelStageOf } from "@/lib/connect/funnel";
import { hashSessionToken } from "@/lib/connect/token";
import { EMBED_TTL_SECONDS, HOSTED_DEFAULT_TTL_SECONDS, TTL_LIMITS } from "@/lib/connect/ttl";

/** 32 random bytes: 256 bits, far beyond guessing even at millions of tries per second. */
export const TOKEN_BYTES = 32;
/** base64url of 32 bytes without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43,128}$/;

export { EMBED_TTL_SECONDS, HOSTED_DEFAULT_TTL_SECONDS, TTL_LIMITS };

export type SessionLink = "embed" | "hosted";

export type CreateSessionInput = {
  /** Required unless `connectionId` is given (a reconnect copies the connection's end user). */
  endUser?: { id: string; name?: string | null; email?: string | null };
  /** Allowed providers; omitted: all. */
  providers?: ProviderId[];
  /** Required scopes; omitted: each provider's defaults. */
  scopes?: ScopeId[];
  optionalScopes?: ScopeId[];
  /** Per-provider options, e.g. `{ personio: { attributes: ["first_name", …] } }`. */
  providerOptions?: Record<string, unknown>;
  /** What the vendor already knows, per provider (lib/providers/prefill.ts); only for offered providers. */
  prefill?: SessionPrefill;
  language?: Lang;
  /** Reconnect mode: replace the credential of this connection (same workspace, not deleted). */
  connectionId?: string;
  link?: SessionLink;
  /** Lifetime in seconds, within TTL_LIMITS for the link kind. */
  expiresIn?: number;
};

export type CreatedSession = { token: string; url: string; expiresAt: Date; session: ConnectSession };

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export { hashSessionToken };

export function connectUrl(token: string): string {
  return `${getEnv().publicUrl}/connect/${token}`;
}

/** What the wizard shows for each way a session cannot be used, in both languages. */
export const sessionErrorMessages = {
  not_found: localize("connect.errors.not_foundBody"),
  session_expired: localize("connect.errors.session_expiredBody"),
  session_used: localize("connect.errors.session_usedBody"),
  session_revoked: localize("connect.errors.session_revokedBody"),
} satisfies Record<"not_found" | "session_expired" | "session_used" | "session_revoked", Localized>;

export type SessionErrorCode = keyof typeof sessionErrorMessages;

/** An AppError that also carries its message in English and German; `message` is in `lang`. */
export class ConnectSessionError extends AppError {
  readonly messages: Localized;
  constructor(code: SessionErrorCode, lang: Lang = "en") {
    super(code as ErrorCode, sessionErrorMessages[code][lang]);
    this.messages = sessionErrorMessages[code];
  }
}

function ttlFor(link: SessionLink, expiresIn: number | undefined): number {
  const limits = TTL_LIMITS[link];
  if (expiresIn === undefined) return link === "embed" ? EMBED_TTL_SECONDS : HOSTED_DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < limits.min || expiresIn > limits.max) {
    throw new AppError("invalid_input", `expires_in must be a whole number of seconds between ${limits.min} and ${limits.max} for ${link} links.`, {
      fieldErrors: { expires_in: [`Between ${limits.min} and ${limits.max} seconds for ${link} links.`] },
    });
  }
  return expiresIn;
}

/**
 * A session's pre-fill as it may be stored (lib/providers/prefill.ts has the rule): only for the
 * providers the session offers, never a secret field, only each provider's own fields and
 * prerequisites. Refused with a 400 whose `fields` name each offending entry; a secret field is
 * named in the message too.
 */
function checkedPrefill(input: SessionPrefill | undefined, providers: string[] | null, mode: "create" | "reconnect"): SessionPrefill {
  const fieldErrors: Record<string, string[]> = {};
  let secret: string | null = null;
  const out: SessionPrefill = {};
  for (const [id, prefill] of Object.entries(input ?? {})) {
    if (!prefill) continue;
    const p = getProvider(id as ProviderId);
    if (!p) {
      fieldErrors[`prefill.${id}`] = [`"${id}" is not available on this Latchkey.`];
      continue;
    }
    if (providers && !providers.includes(id)) {
      fieldErrors[`prefill.${id}`] = [`${p.name} is pre-filled, but the session does not offer it (${providers.join(", ")})${mode === "reconnect" ? ": a reconnect keeps the connection's provider" : ""}.`];
    }
    for (const problem of prefillProblems(p, prefill)) {
      (fieldErrors[`prefill.${id}.${problem.path}`] ??= []).push(problem.message);
      if (problem.secret) secret ??= `prefill.${id}.${problem.path}`;
    }
    out[id] = { ...(prefill.fields && Object.keys(prefill.fields).length ? { fields: prefill.fields } : {}), ...(prefill.confirmed?.length ? { confirmed: [...new Set(prefill.confirmed)] } : {}) };
  }
  if (secret) throw new AppError("invalid_input", `${secret} is a secret field: secrets can never be pre-filled through a session.`, { fieldErrors });
  if (Object.keys(fieldErrors).length) throw new AppError("invalid_input", `prefill is not valid: ${Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v.join(" ")}`).join(" ")}`, { fieldErrors });
  return out;
}

/**
 * Create a session for one end user of the workspace. Give `actor` the API key or staff user that
 * asked (audited). Provider and scope names are validated by the caller's schema; the reconnect
 * target is checked here, tenant-scoped.
 */
export async function createConnectSession(
  db: DbOrTx,
  { workspace, input, actor }: { workspace: Workspace; input: CreateSessionInput; actor: Actor },
): Promise<CreatedSession> {
  const link = input.link ?? "embed";
  const ttl = ttlFor(link, input.expiresIn);
  let endUser = input.endUser;
  let providers = input.providers?.length ? [...new Set(input.providers)] : null;
  let mode: "create" | "reconnect" = "create";

  if (input.connectionId) {
    const [conn] = await db
      .select()
      .from(connections)
      .where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, workspace.id), isNull(connections.deletedAt)))
      .limit(1);
    if (!conn) {
      throw new AppError("invalid_input", "connection_id does not name a connection of this workspace.", {
        fieldErrors: { connection_id: ["No such connection in this workspace."] },
      });
    }
    if (endUser && endUser.id !== conn.endUserId) {
      throw new AppError("invalid_input", "end_user.id must be the connection's end user when reconnecting.", {
        fieldErrors: { "end_user.id": [`This connection belongs to another end user.`] },
      });
    }
    if (providers && (providers.length !== 1 || providers[0] !== conn.provider)) {
      throw new AppError("invalid_input", `A reconnect keeps the provider: providers may only be ["${conn.provider}"].`, {
        fieldErrors: { providers: [`Only "${conn.provider}" for this connection.`] },
      });
    }
    endUser ??= { id: conn.endUserId, name: conn.endUserName, email: conn.endUserEmail };
    providers = [conn.provider as ProviderId];
    mode = "reconnect";
  }
  if (!endUser) throw new AppError("invalid_input", "end_user is required.", { fieldErrors: { end_user: ["Required."] } });
  const prefill = checkedPrefill(input.prefill, providers, mode);

  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + ttl * 1000);
  const [session] = await db
    .insert(connectSessions)
    .values({
      id: newId("cs"),
      workspaceId: workspace.id,
      tokenHash: hashSessionToken(token),
      endUserId: endUser.id,
      endUserName: endUser.name ?? null,
      endUserEmail: endUser.email ?? null,
      providers,
      // A session offering one provider has it chosen from the start (the funnel's provider filter).
      funnelProvider: providers?.length === 1 ? providers[0]! : null,
      scopes: input.scopes?.length ? [...new Set(input.scopes)] : null,
      optionalScopes: input.optionalScopes?.length ? [...new Set(input.optionalScopes)] : null,
      providerOptions: input.providerOptions ?? {},
      prefill,
      language: input.language ?? null,
      mode,
      connectionId: mode === "reconnect" ? input.connectionId! : null,
      link,
      expiresAt,
      createdByApiKeyId: actor.type === "api_key" ? (actor.id ?? null) : null,
      createdByStaffId: actor.type === "staff" ? (actor.id ?? null) : null,
    })
    .returning();
  await recordAudit(db, {
    workspaceId: workspace.id,
    actor,
    action: "connect_session.created",
    target: { type: "connect_session", id: session!.id },
    details: { link, mode, providers, connectionId: session!.connectionId, expiresAt: expiresAt.toISOString() },
  });
  return { token, url: connectUrl(token), expiresAt, session: session! };
}

export type ResolvedSession = { session: ConnectSession; workspace: Workspace };

/**
 * Find the session a token opens. Throws ConnectSessionError `not_found`, `session_used` or
 * `session_expired` (its message in the session's language, or `lang` when the session is unknown).
 * `allowUsed` lets a reopened hosted link show the state of what it created (e.g. a service user).
 * `allowRevoked` lets the page find a withdrawn session to say so in its language (never to use it).
 */
export async function resolveConnectSession(
  db: DbOrTx,
  token: string,
  options: { lang?: Lang; allowUsed?: boolean; allowRevoked?: boolean; now?: Date } = {},
): Promise<ResolvedSession> {
  const lang = options.lang ?? "en";
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) throw new ConnectSessionError("not_found", lang);
  const hash = hashSessionToken(token);
  const rows = await db
    .select({ session: connectSessions, workspace: workspaces })
    .from(connectSessions)
    .innerJoin(workspaces, eq(workspaces.id, connectSessions.workspaceId))
    .where(eq(connectSessions.tokenHash, hash))
    .limit(1);
  const row = rows[0];
  // The index found the row by hash; compare again in constant time so that no code path compares
  // secret-derived strings byte by byte.
  if (!row || !timingSafeEqual(Buffer.from(row.session.tokenHash, "hex"), Buffer.from(hash, "hex"))) {
    throw new ConnectSessionError("not_found", lang);
  }
  const sessionLang: Lang = row.session.language ?? options.lang ?? row.workspace.defaultLanguage;
  if (row.session.revokedAt && !options.allowRevoked) throw new ConnectSessionError("session_revoked", sessionLang);
  if (row.session.usedAt && !options.allowUsed) throw new ConnectSessionError("session_used", sessionLang);
  if (row.session.expiresAt.getTime() <= (options.now ?? new Date()).getTime() && !(row.session.usedAt && options.allowUsed)) {
    throw new ConnectSessionError("session_expired", sessionLang);
  }
  return row;
}

/**
 * Use the session up, inside the save transaction. Atomic: of two concurrent saves exactly one
 * wins; the other gets `session_used` (or `session_expired`) and its transaction rolls back.
 */
export async function markSessionUsed(tx: DbOrTx, sessionId: string): Promise<void> {
  const updated = await tx
    .update(connectSessions)
    .set({ usedAt: new Date(), lastActivityAt: new Date() })
    .where(and(eq(connectSessions.id, sessionId), isNull(connectSessions.usedAt), isNull(connectSessions.revokedAt), gt(connectSessions.expiresAt, sql`now()`)))
    .returning({ id: connectSessions.id });
  if (updated.length) return;
  const [s] = await tx
    .select({ usedAt: connectSessions.usedAt, revokedAt: connectSessions.revokedAt, language: connectSessions.language })
    .from(connectSessions)
    .where(eq(connectSessions.id, sessionId));
  if (!s) throw new ConnectSessionError("not_found");
  throw new ConnectSessionError(s.revokedAt ? "session_revoked" : s.usedAt ? "session_used" : "session_expired", s.language ?? "en");
}

/**
 * Withdraw a link before it is used (DELETE /api/v1/connect/sessions/{id}): the wizard then says
 * "Link withdrawn" and nothing can be saved through it. Scoped to the workspace (another
 * workspace's session is not found); a used session cannot be withdrawn (409), a withdrawn one
 * stays withdrawn (the call is idempotent). Audited.
 */
export async function revokeConnectSession(db: DbOrTx, input: { workspaceId: string; sessionId: string; actor: Actor }): Promise<{ id: string; revokedAt: Date }> {
  const now = new Date();
  const [done] = await db
    .update(connectSessions)
    .set({ revokedAt: now })
    .where(and(eq(connectSessions.id, input.sessionId), eq(connectSessions.workspaceId, input.workspaceId), isNull(connectSessions.usedAt), isNull(connectSessions.revokedAt)))
    .returning({ id: connectSessions.id, revokedAt: connectSessions.revokedAt });
  if (done) {
    await recordAudit(db, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "connect_session.revoked",
      target: { type: "connect_session", id: done.id },
    });
    return { id: done.id, revokedAt: done.revokedAt! };
  }
  const [s] = await db
    .select({ id: connectSessions.id, usedAt: connectSessions.usedAt, revokedAt: connectSessions.revokedAt })
    .from(connectSessions)
    .where(and(eq(connectSessions.id, input.sessionId), eq(connectSessions.workspaceId, input.workspaceId)));
  if (!s) throw new AppError("not_found", "No such connect session in this workspace.");
  if (s.revokedAt) return { id: s.id, revokedAt: s.revokedAt };
  throw new AppError("conflict", "This connect session was already used: the connection it made stays. Delete the connection instead (DELETE /api/v1/connections/{id}).");
}

export const sessionEventTypes = ["opened", "step", "error", "check", "success", "close"] as const;
export type SessionEventType = (typeof sessionEventTypes)[number];

/**
 * A funnel event of the session (what the customer reached, what went wrong): one row in
 * session_events, and the session's last step / last error / last activity for support.
 */
export async function recordSessionEvent(
  db: DbOrTx,
  session: Pick<ConnectSession, "id" | "workspaceId">,
  event: { type: SessionEventType; step?: string | null; code?: string | null; provider?: string | null },
): Promise<void> {
  const clip = (v: string | null | undefined, n: number) => (v ? v.slice(0, n) : null);
  const step = clip(event.step, 64);
  const code = clip(event.code, 64);
  const provider = clip(event.provider, 32);
  await db.insert(sessionEvents).values({ sessionId: session.id, workspaceId: session.workspaceId, type: event.type, step, code, provider });
  const now = new Date();
  // The funnel's rollup (lib/connect/funnel.ts): the furthest stage and the provider chosen, so the
  // Insights page counts sessions instead of scanning their events.
  const stage = funnelStageOf({ type: event.type, step, provider });
  await db
    .update(connectSessions)
    .set({
      lastActivityAt: now,
      ...(stage > 0 ? { funnelStage: sql`greatest(${connectSessions.funnelStage}, ${stage})` } : {}),
      ...(provider ? { funnelProvider: provider } : {}),
      ...(step ? { lastStep: step } : {}),
      ...(event.type === "error" && code ? { lastErrorCode: code } : {}),
      ...(event.type === "success" ? { lastErrorCode: null } : {}),
    })
    .where(and(eq(connectSessions.id, session.id), eq(connectSessions.workspaceId, session.workspaceId)));
}
