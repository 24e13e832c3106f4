// The OAuth flow kind's server side (lib/providers/flows.ts declares each provider's part): which
// workspaces get the route, the consent attempt and its `state`, the callback's code exchange and
// save, the refresh of tokens before they expire, and revocation before a delete.
//
// - `state`: 32 random bytes; only its sha256 is stored (`oauth_states`), bound to the connect
//   session, single use (claimed atomically by the callback), valid 10 minutes.
// - The tokens are the connection's credential: sealed through the vault like any other credential
//   (lib/vault/credentials.ts, in the sealed-column registry), saved with the connection, its outbox
//   event and audit entry in ONE transaction by lib/connections/save.ts. Their expiry and the
//   granted scopes (nothing secret) are kept in `connections.provider_state` (`route: "oauth"`).
// - Refresh: the connection row is locked (SELECT … FOR UPDATE) for the token call, so two
//   instances never spend the same refresh token; the loser waits, sees the fresh expiry and uses the
//   new token. The new tokens replace the old in the same commit (the old refresh token is never
//   dropped before the new one is stored). The call has the provider deadline, so the lock is short.
// - Every failure is a code (`OAuthFailure`); the wizard and the callback page word it from the
//   catalog (messages/<lang>.json, `connect.oauth.errors.*`). Nothing is saved on any failure.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "@/lib/audit";
import { applyCheckResult, recordCheckRun, storedOptionalMissing } from "@/lib/connections/check-results";
import { lockConnection, updateConnection } from "@/lib/connections/queries";
import { isSavable, saveCheckedConnection } from "@/lib/connections/save";
import { decideStatus, type RuleDecision } from "@/lib/connections/status-rule";
import { ConnectSessionError, recordSessionEvent } from "@/lib/connect/session";
import type { Db, DbOrTx } from "@/lib/db";
import { connections, connectSessions, oauthStates, workspaces, type ConnectSession, type Connection, type Workspace } from "@/lib/db/schema";
import { getEnv, type Env } from "@/lib/env";
import { languages, localize } from "@/lib/i18n";
import { newId } from "@/lib/ids";
import { getLogger } from "@/lib/log";
import { getProvider } from "@/lib/providers";
import { getOAuthFlow, missingOAuthScopes, oauthScopesFor, type OAuthFlow, type OAuthTokens } from "@/lib/providers/flows";
import { createProviderHttp, ProviderCallError, providerBaseUrl, type ProviderResponse } from "@/lib/providers/http";
import { budgetMessage, outcomeMessage } from "@/lib/providers/messages";
import { providerText, quotedList } from "@/lib/providers/text";
import type { BudgetGate } from "@/lib/providers/budget";
import type { CheckResult, Lang, Localized, ProviderDefinition, ScopeCheck, ScopeId } from "@/lib/providers/types";
import { findOAuthApp, openCredential, openOAuthApp, sealCredential } from "@/lib/vault";

export const STATE_TTL_SECONDS = 10 * 60;
/** Tokens expiring within this are refreshed by the worker. */
export const REFRESH_MARGIN_SECONDS = 60 * 60;

export const oauthFailures = [
  "denied",
  "popup_blocked",
  "popup_closed",
  "state_invalid",
  "state_expired",
  "state_reused",
  "code_reused",
  "client_misconfigured",
  "provider_down",
  "provider_slow",
  "provider_rate_limited",
  "provider_error",
  "missing_scopes",
  "no_app",
  "session_used",
  "session_expired",
] as const;
export type OAuthFailure = (typeof oauthFailures)[number];

/** What the callback decided; stored on the attempt for the wizard, never holding a token. */
export type OAuthOutcome =
  | { ok: true; connectionId: string; provider: string; accountLabel?: string; optionalMissing: string[] }
  | { ok: false; code: OAuthFailure; provider?: string; missingScopes?: string[]; retryAfterSeconds?: number };

/** The connection's non-secret OAuth state (`connections.provider_state`). */
export type OAuthConnectionState = { route: "oauth"; expiresAt: string; grantedScopes?: string[]; refreshedAt?: string };

export function oauthStateOf(connection: Pick<Connection, "providerState">): OAuthConnectionState | undefined {
  const s = connection.providerState as Partial<OAuthConnectionState> | undefined;
  return s?.route === "oauth" && typeof s.expiresAt === "string" ? (s as OAuthConnectionState) : undefined;
}

export function redirectUri(env: Pick<Env, "publicUrl"> = getEnv()): string {
  return `${env.publicUrl}/oauth/callback`;
}

/** The endpoints to use: the production ones, or the same paths below a configured or sandbox base URL. */
export function oauthEndpoints(flow: OAuthFlow, env: Env = getEnv()): { authorize: string; token: string; revoke?: string; apiBase: string } {
  const base = providerBaseUrl(flow.provider, env);
  const production = getProvider(flow.provider)!.baseUrl.production.replace(/\/+$/, "");
  const own = base === production ? flow.endpoints : { authorize: base + flow.sandboxPaths.authorize, token: base + flow.sandboxPaths.token, revoke: flow.sandboxPaths.revoke ? base + flow.sandboxPaths.revoke : undefined };
  const override = flow.authorizeVariable ? env[flow.authorizeVariable] : undefined;
  return { authorize: override ?? own.authorize, token: own.token, ...(own.revoke ? { revoke: own.revoke } : {}), apiBase: base };
}

/** The OAuth route this workspace offers for a provider: the provider has one and the workspace has an app. */
export async function oauthRoute(db: DbOrTx, workspaceId: string, providerId: string): Promise<{ flow: OAuthFlow; preferred: boolean } | undefined> {
  const flow = getOAuthFlow(providerId);
  if (!flow) return undefined;
  const app = await findOAuthApp(db, workspaceId, providerId);
  return app?.hasSecret ? { flow, preferred: app.preferred } : undefined;
}

const hashState = (state: string) => createHash("sha256").update(`latchkey-oauth-state:${state}`).digest("hex");

/**
 * Start a consent attempt for the session: the provider's authorize URL with a new `state`.
 * `display`: "popup" (the wizard in an iframe) or "redirect" (a hosted link, full page).
 */
export async function startAuthorization(
  db: DbOrTx,
  input: { session: ConnectSession; provider: ProviderDefinition; display: "popup" | "redirect"; scopes: { required: ScopeId[]; optional: ScopeId[] }; now?: Date },
): Promise<{ url: string; attemptId: string } | { failure: OAuthFailure }> {
  const flow = getOAuthFlow(input.provider.id);
  const app = flow ? await findOAuthApp(db, input.session.workspaceId, input.provider.id) : undefined;
  if (!flow || !app?.hasSecret) return { failure: "no_app" };
  const now = input.now ?? new Date();
  const state = randomBytes(32).toString("base64url");
  const attemptId = newId("oauth");
  await db.insert(oauthStates).values({
    id: attemptId,
    stateHash: hashState(state),
    sessionId: input.session.id,
    workspaceId: input.session.workspaceId,
    provider: input.provider.id,
    display: input.display,
    expiresAt: new Date(now.getTime() + STATE_TTL_SECONDS * 1000),
  });
  const endpoints = oauthEndpoints(flow);
  const url = new URL(endpoints.authorize);
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("redirect_uri", redirectUri());
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", state);
  if (flow.sendsScope) url.searchParams.set("scope", oauthScopesFor(flow, [...input.scopes.required, ...input.scopes.optional]).join(" "));
  if (flow.pkce) {
    url.searchParams.set("code_challenge", createHash("sha256").update(pkceVerifier(state)).digest("base64url"));
    url.searchParams.set("code_challenge_method", "S256");
  }
  return { url: url.toString(), attemptId };
}

/**
 * The PKCE verifier of a state: derived with the server's secret, so it is never stored and never
 * travels with the state (AUTH_SECRET is required outside demo mode).
 */
function pkceVerifier(state: string): string {
  const key = getEnv().AUTH_SECRET ?? "latchkey-demo-pkce";
  return createHash("sha256").update(`${key}\u0000pkce\u0000${state}`).digest("base64url");
}

/** The wizard's view of an attempt it started (for a consent in a tab it cannot hear from). */
export async function attemptOutcome(db: DbOrTx, sessionId: string, attemptId: string): Promise<OAuthOutcome | null> {
  const [row] = await db.select({ outcome: oauthStates.outcome }).from(oauthStates).where(and(eq(oauthStates.id, attemptId), eq(oauthStates.sessionId, sessionId))).limit(1);
  return (row?.outcome as OAuthOutcome | null | undefined) ?? null;
}

type TokenCall = { ok: true; tokens: OAuthTokens } | { ok: false; failure: OAuthFailure; retryAfterSeconds?: number };

/** One call of the provider's token endpoint with its deadline; every answer becomes a token set or a failure code. */
async function callTokenEndpoint(flow: OAuthFlow, form: Record<string, string>, now: Date): Promise<TokenCall> {
  const endpoints = oauthEndpoints(flow);
  const target = new URL(endpoints.token);
  const http = createProviderHttp({ baseUrl: target.origin, timeoutMs: getEnv().PROVIDER_TIMEOUT_MS });
  let res: ProviderResponse;
  try {
    res = await http.request({ method: "POST", path: target.pathname, form });
  } catch (e) {
    if (e instanceof ProviderCallError && e.kind === "timeout") return { ok: false, failure: "provider_slow" };
    return { ok: false, failure: "provider_down" };
  }
  if (res.status === 429) return { ok: false, failure: "provider_rate_limited", retryAfterSeconds: res.retryAfterSeconds() };
  if (res.status >= 500) return { ok: false, failure: "provider_down" };
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return { ok: false, failure: "provider_error" };
  }
  if (res.status !== 200) {
    const kind = flow.tokenError(res.status, body);
    return { ok: false, failure: kind === "invalid_grant" ? "code_reused" : kind === "invalid_client" ? "client_misconfigured" : "provider_error" };
  }
  try {
    return { ok: true, tokens: flow.parseTokenResponse(body, now) };
  } catch {
    return { ok: false, failure: "provider_error" };
  }
}

/** The account label: one GET with the new access token; a failure leaves it empty. */
async function readAccountLabel(flow: OAuthFlow, accessToken: string): Promise<string | undefined> {
  try {
    const http = createProviderHttp({ baseUrl: oauthEndpoints(flow).apiBase, timeoutMs: getEnv().PROVIDER_TIMEOUT_MS, headers: { ...flow.apiHeaders, authorization: `Bearer ${accessToken}` } });
    const res = await http.request({ path: flow.accountLabel.path });
    return res.status === 200 ? flow.accountLabel.read(res.json()) : undefined;
  } catch {
    return undefined;
  }
}

/** The granted scopes as a check result: the same per-permission result and fix-its as every provider. */
export function checkFromGrant(input: { flow: OAuthFlow; provider: ProviderDefinition; required: ScopeId[]; optional: ScopeId[]; granted: string[] | undefined; accountLabel?: string }): CheckResult {
  const { flow, provider } = input;
  const all = [...input.required, ...input.optional];
  const missing = input.granted ? missingOAuthScopes(flow, all, input.granted) : undefined;
  const words = (xs: string[]): Localized => Object.fromEntries(languages.map((lang) => [lang, quotedList(xs, lang)])) as Localized;
  const scopes: ScopeCheck[] = all.map((scope) => {
    const required = input.required.includes(scope);
    const needed = flow.scopes[scope];
    if (!needed) {
      return { scope, required, status: "missing", permission: providerText(flow.provider, "oauth.notOffered"), fix: providerText(flow.provider, "oauth.notOfferedFix") };
    }
    if (!missing) return { scope, required, status: "unknown", reason: "provider_error" };
    const lacking = missing[scope] ?? [];
    if (!lacking.length) return { scope, required, status: "granted" };
    return { scope, required, status: "missing", permission: words(lacking), fix: providerText(flow.provider, "oauth.fix", { scopes: lacking.join(", ") }) };
  });
  const missingRequired = scopes.filter((s) => s.required && s.status === "missing");
  const outcome = missingRequired.length ? "missing_scopes" : scopes.some((s) => s.required && s.status === "unknown") ? "provider_error" : "ok";
  const missingNames = missingRequired.flatMap((s) => (s.scope in flow.scopes ? (missing?.[s.scope] ?? []) : [s.scope]));
  return {
    provider: provider.id,
    outcome,
    message:
      outcome === "ok"
        ? localize("connect.oauth.result.connected", { provider: provider.name })
        : outcome === "missing_scopes"
          ? localize("connect.oauth.errors.missing_scopes", { provider: provider.name, scopes: missingNames.join(", ") })
          : localize("connect.oauth.errors.provider_error", { provider: provider.name }),
    scopes,
    ...(input.accountLabel ? { accountLabel: input.accountLabel } : {}),
    durationMs: 0,
    checkedAt: new Date().toISOString(),
  };
}

/** The sealed credential values of a token set (the vault's only plaintext input). */
const credentialValues = (t: OAuthTokens): Record<string, string> => ({
  access_token: t.accessToken,
  ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
  expires_at: t.expiresAt,
});

async function revokeTokens(flow: OAuthFlow, app: { clientId: string; clientSecret: { reveal(): string } }, tokens: Array<{ token: string; hint: "access_token" | "refresh_token" }>): Promise<boolean> {
  const url = oauthEndpoints(flow).revoke;
  if (!url) return false;
  const target = new URL(url);
  const http = createProviderHttp({ baseUrl: target.origin, timeoutMs: getEnv().PROVIDER_TIMEOUT_MS });
  let ok = true;
  for (const t of tokens) {
    try {
      const res = await http.request({ method: "POST", path: target.pathname, form: { client_id: app.clientId, client_secret: app.clientSecret.reveal(), token: t.token, token_type_hint: t.hint } });
      ok &&= res.status === 200;
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** Claim the attempt for this `state`: exactly once, and only while it is valid. */
async function claimState(db: DbOrTx, state: string | null, now: Date): Promise<{ attempt: typeof oauthStates.$inferSelect } | { failure: OAuthFailure }> {
  if (!state || state.length > 200) return { failure: "state_invalid" };
  const hash = hashState(state);
  const [claimed] = await db.update(oauthStates).set({ usedAt: now }).where(and(eq(oauthStates.stateHash, hash), isNull(oauthStates.usedAt))).returning();
  if (!claimed) {
    const [seen] = await db.select({ id: oauthStates.id }).from(oauthStates).where(eq(oauthStates.stateHash, hash)).limit(1);
    return { failure: seen ? "state_reused" : "state_invalid" };
  }
  if (claimed.expiresAt.getTime() <= now.getTime()) return { failure: "state_expired" };
  return { attempt: claimed };
}

export type CallbackResult = { outcome: OAuthOutcome; display: "popup" | "redirect"; lang: Lang | null; session?: ConnectSession; workspace?: Workspace };

/**
 * The callback: `state`, and `code` or `error`, as the provider sent them. Claims the state, exchanges
 * the code on the server, compares the grant with the session's scopes and saves what it allows.
 * Never throws for anything the provider or the browser did; the outcome says what happened.
 */
export async function completeAuthorization(
  db: Db,
  input: { state: string | null; code: string | null; error: string | null; actor: Omit<Actor, "type" | "id">; now?: Date },
): Promise<CallbackResult> {
  const now = input.now ?? new Date();
  const claimed = await claimState(db, input.state, now);
  if ("failure" in claimed) return { outcome: { ok: false, code: claimed.failure }, display: "popup", lang: null };
  const attempt = claimed.attempt;
  const [row] = await db
    .select({ session: connectSessions, workspace: workspaces })
    .from(connectSessions)
    .innerJoin(workspaces, eq(workspaces.id, connectSessions.workspaceId))
    .where(eq(connectSessions.id, attempt.sessionId))
    .limit(1);
  const session = row!.session;
  const workspace = row!.workspace;
  const lang = session.language ?? workspace.defaultLanguage;
  const finish = async (outcome: OAuthOutcome): Promise<CallbackResult> => {
    await db.update(oauthStates).set({ outcome }).where(eq(oauthStates.id, attempt.id));
    if (outcome.ok) await recordSessionEvent(db, session, { type: "success", step: "result", provider: attempt.provider });
    else await recordSessionEvent(db, session, { type: "error", step: "oauth", code: `oauth_${outcome.code}`, provider: attempt.provider });
    return { outcome, display: attempt.display, lang, session, workspace };
  };
  if (session.usedAt) return finish({ ok: false, code: "session_used", provider: attempt.provider });
  if (session.expiresAt.getTime() <= now.getTime()) return finish({ ok: false, code: "session_expired", provider: attempt.provider });
  if (input.error) return finish({ ok: false, code: input.error === "access_denied" ? "denied" : "provider_error", provider: attempt.provider });
  if (!input.code || input.code.length > 2048) return finish({ ok: false, code: "state_invalid", provider: attempt.provider });

  const flow = getOAuthFlow(attempt.provider);
  const provider = getProvider(attempt.provider);
  const app = flow ? await openOAuthApp(db, workspace.id, attempt.provider) : undefined;
  if (!flow || !provider || !app) return finish({ ok: false, code: "no_app", provider: attempt.provider });

  const form: Record<string, string> = {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: redirectUri(),
    client_id: app.clientId,
    client_secret: app.clientSecret.reveal(),
  };
  if (flow.pkce) form.code_verifier = pkceVerifier(input.state!);
  const exchanged = await callTokenEndpoint(flow, form, now);
  if (!exchanged.ok) {
    if (exchanged.failure === "client_misconfigured") getLogger().warn({ provider: attempt.provider, workspaceId: workspace.id }, "oauth: the provider refused the workspace's client id or secret");
    return finish({ ok: false, code: exchanged.failure, provider: attempt.provider, ...(exchanged.retryAfterSeconds ? { retryAfterSeconds: exchanged.retryAfterSeconds } : {}) });
  }
  const tokens = exchanged.tokens;
  const scopes = sessionScopes(session, provider);
  const accountLabel = await readAccountLabel(flow, tokens.accessToken);
  const check = checkFromGrant({ flow, provider, required: scopes.required, optional: scopes.optional, granted: tokens.grantedScopes, accountLabel });
  if (!isSavable(check)) {
    // Nothing is kept: the tokens are handed back to the provider, the check run is recorded.
    await revokeTokens(flow, app, [
      ...(tokens.refreshToken ? [{ token: tokens.refreshToken, hint: "refresh_token" as const }] : []),
      { token: tokens.accessToken, hint: "access_token" },
    ]);
    await recordCheckRun(db, { workspaceId: workspace.id, provider: provider.id, check, sessionId: session.id, connectionId: session.mode === "reconnect" ? session.connectionId : null });
    const missing = check.scopes.filter((s) => s.required && s.status === "missing").flatMap((s) => (flow.scopes[s.scope] ? (missingOAuthScopes(flow, [s.scope], tokens.grantedScopes ?? [])[s.scope] ?? []) : [s.scope]));
    return finish({ ok: false, code: check.outcome === "missing_scopes" ? "missing_scopes" : "provider_error", provider: provider.id, missingScopes: missing });
  }
  const providerState: OAuthConnectionState = { route: "oauth", expiresAt: tokens.expiresAt, ...(tokens.grantedScopes ? { grantedScopes: tokens.grantedScopes } : {}) };
  try {
    const saved = await saveCheckedConnection(db, {
      session,
      workspace,
      provider,
      values: credentialValues(tokens),
      check,
      actor: { type: "end_user", id: session.endUserId, ...input.actor },
      requiredScopes: scopes.required,
      optionalScopes: scopes.optional,
      providerState,
    });
    return finish({ ok: true, connectionId: saved.connectionId, provider: provider.id, ...(accountLabel ? { accountLabel } : {}), optionalMissing: saved.optionalMissing });
  } catch (e) {
    if (e instanceof ConnectSessionError) return finish({ ok: false, code: e.code === "session_expired" ? "session_expired" : "session_used", provider: provider.id });
    throw e;
  }
}

/** The session's scopes for a provider (as the wizard's load.ts computes them). */
function sessionScopes(session: ConnectSession, provider: ProviderDefinition): { required: ScopeId[]; optional: ScopeId[] } {
  const has = (s: string): s is ScopeId => s in provider.scopes;
  const required = (session.scopes?.length ? session.scopes : provider.defaultScopes.required).filter(has);
  const optional = (session.optionalScopes?.length ? session.optionalScopes : provider.defaultScopes.optional).filter((s): s is ScopeId => has(s) && !required.includes(s));
  return { required: [...new Set(required)], optional: [...new Set(optional)] };
}

export type RefreshResult = "refreshed" | "fresh" | "revoked" | "failed" | "skipped";

const SYSTEM: Actor = { type: "system", id: "oauth-refresh" };

/**
 * Refresh one connection's tokens if they expire within the margin (or `force`). Holds the
 * connection's row lock for the token call: a second instance waits, then finds the tokens fresh.
 * A refresh refused as revoked or expired moves the connection to needs_attention through the
 * status rule (one connection.check_failed).
 */
export async function refreshConnectionTokens(db: Db, input: RefreshInput): Promise<RefreshResult> {
  return (await refreshTokens(db, input)).result;
}

type RefreshInput = {
  workspaceId: string;
  connectionId: string;
  force?: boolean;
  /** The expiry the caller saw when it chose this connection: a different one means another instance refreshed meanwhile. */
  seenExpiresAt?: string;
  now?: () => Date;
  /** Who asked (the refresh worker by default; a re-check names its own trigger and actor). */
  trigger?: "schedule" | "dashboard" | "api";
  actor?: Actor;
};

/** A refused refresh, as the status rule applied it (recorded once, by the refresh). */
type Revoked = { check: CheckResult; decision: RuleDecision; from: Connection["status"] };

async function refreshTokens(db: Db, input: RefreshInput): Promise<{ result: RefreshResult; revoked?: Revoked }> {
  const clock = input.now ?? (() => new Date());
  const actor = input.actor ?? SYSTEM;
  const trigger = input.trigger ?? "schedule";
  const done = (result: RefreshResult) => ({ result });
  return db.transaction(async (tx) => {
    const conn = await lockConnection(tx, input.workspaceId, input.connectionId);
    const state = conn ? oauthStateOf(conn) : undefined;
    const flow = conn ? getOAuthFlow(conn.provider) : undefined;
    if (!conn || !state || !flow || (conn.status !== "active" && conn.status !== "needs_attention")) return done("skipped");
    if (input.seenExpiresAt && input.seenExpiresAt !== state.expiresAt) return done("fresh");
    if (!input.force && new Date(state.expiresAt).getTime() - clock().getTime() > REFRESH_MARGIN_SECONDS * 1000) return done("fresh");
    const app = await openOAuthApp(tx, conn.workspaceId, conn.provider);
    if (!app) return done("failed");
    const current = await openCredential(tx, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: SYSTEM, reason: "OAuth token refresh" });
    const refreshToken = current.refresh_token?.reveal();
    const result = refreshToken
      ? await callTokenEndpoint(flow, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: app.clientId, client_secret: app.clientSecret.reveal() }, clock())
      : ({ ok: false, failure: "code_reused" } as const);
    if (result.ok) {
      // Providers that do not rotate answer no new refresh token: the current one stays.
      const tokens = { ...result.tokens, refreshToken: result.tokens.refreshToken ?? refreshToken };
      await sealCredential(tx, { workspaceId: conn.workspaceId, connectionId: conn.id, provider: conn.provider, values: credentialValues(tokens), actor: SYSTEM });
      const next: OAuthConnectionState = { ...state, expiresAt: tokens.expiresAt, refreshedAt: clock().toISOString(), ...(tokens.grantedScopes ? { grantedScopes: tokens.grantedScopes } : {}) };
      await updateConnection(tx, conn.workspaceId, conn.id, { providerState: next, updatedAt: clock() });
      return done("refreshed");
    }
    if (result.failure !== "code_reused") {
      getLogger().warn({ connectionId: conn.id, failure: result.failure }, "oauth: token refresh failed; retried next round");
      return done("failed");
    }
    // The refresh token was refused (revoked, expired, or already spent): the admin must connect again.
    const provider = getProvider(conn.provider)!;
    const check: CheckResult = {
      provider: provider.id,
      outcome: "invalid_credentials",
      message: localize("connect.oauth.errors.refresh_revoked", { provider: provider.name }),
      scopes: [],
      durationMs: 0,
      checkedAt: clock().toISOString(),
    };
    const decision = decideStatus({ subject: "stored", from: conn.status, check, previousOptionalMissing: storedOptionalMissing(conn.scopeResults) });
    if (decision.action === "apply") await updateConnection(tx, conn.workspaceId, conn.id, { status: decision.status!, lastCheckedAt: clock(), updatedAt: clock() });
    await recordCheckRun(tx, { workspaceId: conn.workspaceId, provider: conn.provider, check, connectionId: conn.id, trigger });
    await applyCheckResult(tx, { connection: conn, check, decision, trigger, actor, audit: "connection.rechecked" });
    return { result: "revoked" as const, revoked: { check, decision, from: conn.status } };
  });
}

/**
 * The passthrough's session of an OAuth connection: the API base and its current access token,
 * refreshed first (under the same row lock as the worker's refresh) when it expires within the
 * margin. A refresh refused as revoked leaves the connection needing attention (the status rule)
 * and answers `invalid_credentials`; a refresh that failed for another reason goes on with the
 * current token while it is still valid.
 */
export async function openOAuthPassthroughSession(
  db: Db,
  conn: Pick<Connection, "id" | "workspaceId" | "provider" | "providerState">,
  input: { actor: Actor; reason: string; now?: () => Date },
): Promise<{ ok: true; baseUrl: string; headers: Record<string, string>; secrets: string[] } | { ok: false; outcome: "invalid_credentials" }> {
  const access = await openOAuthAccess(db, conn, input);
  return access.ok ? access : { ok: false, outcome: "invalid_credentials" };
}

type OAuthAccess =
  | { ok: true; baseUrl: string; headers: Record<string, string>; secrets: string[] }
  /** `revoked`: the refresh token was refused (already applied by the status rule); `expired`: the token ran out and could not be refreshed now (the provider did not answer). */
  | { ok: false; why: "revoked"; revoked?: Revoked }
  | { ok: false; why: "expired" | "no_token" };

async function openOAuthAccess(
  db: Db,
  conn: Pick<Connection, "id" | "workspaceId" | "provider" | "providerState">,
  input: { actor: Actor; reason: string; now?: () => Date; trigger?: RefreshInput["trigger"] },
): Promise<OAuthAccess> {
  const flow = getOAuthFlow(conn.provider);
  const state = oauthStateOf(conn);
  if (!flow || !state) return { ok: false, why: "no_token" };
  const now = (input.now ?? (() => new Date()))();
  let expiresAt = new Date(state.expiresAt);
  if (expiresAt.getTime() - now.getTime() <= REFRESH_MARGIN_SECONDS * 1000) {
    const refreshed = await refreshTokens(db, {
      workspaceId: conn.workspaceId,
      connectionId: conn.id,
      seenExpiresAt: state.expiresAt,
      ...(input.now ? { now: input.now } : {}),
      ...(input.trigger ? { trigger: input.trigger, actor: input.actor } : {}),
    });
    if (refreshed.result === "revoked") return { ok: false, why: "revoked", ...(refreshed.revoked ? { revoked: refreshed.revoked } : {}) };
    if (refreshed.result === "refreshed" || refreshed.result === "fresh") {
      const [row] = await db.select({ providerState: connections.providerState }).from(connections).where(eq(connections.id, conn.id));
      const next = row ? oauthStateOf(row) : undefined;
      if (next) expiresAt = new Date(next.expiresAt);
    }
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, why: "expired" };
  }
  const values = await openCredential(db, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: input.actor, reason: input.reason });
  const access = values.access_token?.reveal();
  if (!access) return { ok: false, why: "no_token" };
  const refresh = values.refresh_token?.reveal();
  return {
    ok: true,
    baseUrl: oauthEndpoints(flow).apiBase,
    headers: { ...flow.apiHeaders, authorization: `Bearer ${access}` },
    secrets: [access, ...(refresh ? [refresh] : [])],
  };
}

/** What re-checking an OAuth connection found: a check for the status rule, or a refused refresh the rule already applied. */
export type OAuthRecheck = { kind: "check"; check: CheckResult } | { kind: "applied"; check: CheckResult; decision: RuleDecision; from: Connection["status"] };

/**
 * Re-check a stored OAuth connection (the dashboard, the API and the daily health check, through
 * lib/connections/recheck.ts): the current access token (refreshed when due) reads the provider's
 * account endpoint, which proves the grant still works and refreshes the account label; what was
 * granted is the grant recorded at consent (or at the last refresh), compared with the connection's
 * scopes exactly as the callback did. A 401 is a grant the company withdrew; a 429, 5xx or timeout
 * leaves the connection as it is (inconclusive), as for every provider. One request, spent from the
 * provider budget like any other.
 */
export async function checkOAuthConnection(
  db: Db,
  conn: Connection,
  input: { actor: Actor; reason: string; trigger: NonNullable<RefreshInput["trigger"]>; required: ScopeId[]; optional: ScopeId[]; budget?: BudgetGate; now?: () => Date },
): Promise<OAuthRecheck> {
  const provider = getProvider(conn.provider)!;
  const flow = getOAuthFlow(conn.provider);
  const started = Date.now();
  const result = (outcome: CheckResult["outcome"], extra: Partial<CheckResult> = {}): OAuthRecheck => ({
    kind: "check",
    check: {
      provider: provider.id,
      outcome,
      message: outcome === "invalid_credentials" ? localize("connect.oauth.errors.refresh_revoked", { provider: provider.name }) : outcomeMessage(outcome, { provider: provider.name }),
      scopes: [],
      durationMs: Date.now() - started,
      checkedAt: new Date().toISOString(),
      ...extra,
    },
  });
  const access = await openOAuthAccess(db, conn, { actor: input.actor, reason: input.reason, trigger: input.trigger, ...(input.now ? { now: input.now } : {}) });
  if (!access.ok) {
    if (access.why === "revoked" && access.revoked) return { kind: "applied", ...access.revoked };
    return result(access.why === "expired" ? "provider_unreachable" : "invalid_credentials");
  }
  if (!flow) return result("invalid_credentials");
  const http = createProviderHttp({
    baseUrl: access.baseUrl,
    timeoutMs: getEnv().PROVIDER_TIMEOUT_MS,
    headers: access.headers,
    ...(input.budget ? { budget: { gate: input.budget, kind: "call" as const } } : {}),
  });
  let res: ProviderResponse;
  try {
    res = await http.request({ path: flow.accountLabel.path });
  } catch (e) {
    if (e instanceof ProviderCallError && e.kind === "budget") {
      return { kind: "check", check: { ...result("rate_limited").check, message: budgetMessage(provider.name, e.retryAfterSeconds), ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) } };
    }
    return result(e instanceof ProviderCallError && (e.kind === "too_large" || e.kind === "redirect") ? "provider_error" : "provider_unreachable");
  }
  if (res.status === 401) return result("invalid_credentials", { authStatus: 401 });
  if (res.status === 429) {
    const wait = res.retryAfterSeconds();
    return result("rate_limited", wait ? { retryAfterSeconds: wait } : {});
  }
  if (res.status >= 500) return result("provider_unreachable");
  if (res.status !== 200) return result("provider_error");
  let label: string | undefined;
  try {
    label = flow.accountLabel.read(res.json());
  } catch {
    label = undefined;
  }
  const state = oauthStateOf(conn);
  const check = checkFromGrant({ flow, provider, required: input.required, optional: input.optional, granted: state?.grantedScopes, ...(label ? { accountLabel: label } : {}) });
  return { kind: "check", check: { ...check, durationMs: Date.now() - started } };
}

/** Every OAuth connection whose access token expires within the margin. */
export async function connectionsDueForRefresh(db: DbOrTx, now: Date = new Date()): Promise<Array<{ id: string; workspaceId: string; expiresAt: string }>> {
  const until = new Date(now.getTime() + REFRESH_MARGIN_SECONDS * 1000).toISOString();
  return db
    .select({ id: connections.id, workspaceId: connections.workspaceId, expiresAt: sql<string>`${connections.providerState}->>'expiresAt'` })
    .from(connections)
    .where(
      and(
        isNull(connections.deletedAt),
        eq(connections.status, "active"),
        sql`${connections.providerState}->>'route' = 'oauth'`,
        sql`(${connections.providerState}->>'expiresAt')::timestamptz <= ${until}::timestamptz`,
      ),
    );
}

/**
 * Before a delete: hand the connection's tokens back to the provider where it offers revocation.
 * Best effort (the delete goes on and crypto-shreds them either way); returns whether it worked.
 */
export async function revokeBeforeDelete(db: DbOrTx, input: { workspaceId: string; connectionId: string; actor: Actor }): Promise<boolean | null> {
  const [conn] = await db.select().from(connections).where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, input.workspaceId), isNull(connections.deletedAt))).limit(1);
  const flow = conn && oauthStateOf(conn) ? getOAuthFlow(conn.provider) : undefined;
  if (!conn || !flow) return null;
  try {
    const app = await openOAuthApp(db, conn.workspaceId, conn.provider);
    if (!app) return false;
    const values = await openCredential(db, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: input.actor, reason: "revoke the OAuth tokens before deleting the connection" });
    return await revokeTokens(flow, app, [
      ...(values.refresh_token ? [{ token: values.refresh_token.reveal(), hint: "refresh_token" as const }] : []),
      ...(values.access_token ? [{ token: values.access_token.reveal(), hint: "access_token" as const }] : []),
    ]);
  } catch (e) {
    getLogger().warn({ connectionId: conn.id, err: e instanceof Error ? { name: e.name } : undefined }, "oauth: revoking before delete failed");
    return false;
  }
}
