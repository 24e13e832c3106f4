"use server";
// The wizard's server actions. The iframe has no cookies: the session token is an argument of
// every call, resolved again here. Everything from the client is untrusted and validated again
// (the same provider schema the form used, plus each field's length limit before any provider
// call). Results never contain a credential value, and nothing here logs one.
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import type { CheckStream, CheckView, ScopeOutcome, WizardActionResult } from "@/components/connect/types";
import type { OAuthOutcomeView } from "@/components/connect/oauth-message";
import { recordAudit, type Actor } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { recordCheckRun } from "@/lib/connections/check-results";
import { attemptOutcome, startAuthorization } from "@/lib/connections/oauth";
import { isSavable, saveCheckedConnection, saveServiceUserInvitation } from "@/lib/connections/save";
import { ConnectSessionError, recordSessionEvent, resolveConnectSession, type ResolvedSession } from "@/lib/connect/session";
import { DATABASE_RETRY_AFTER_SECONDS, getDb, isDatabaseUnavailable } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { isLang, pickLanguage, serverTranslator } from "@/lib/i18n";
import { getLogger } from "@/lib/log";
import { runCheck, type RunCheckInput } from "@/lib/providers/check";
import type { Lang, ProviderDefinition, ProviderOptions, ScopeCheck, ScopeId } from "@/lib/providers/types";
import { checkLimitAuditBudget, checkLimiter, providerBudgetGate, rateLimitText, stepEventBudget, unknownTokenBudget } from "@/lib/rate-limit";
import { getSessionConnection, loadSessionState, openingEvent, scopesFor, serviceUserFor, serviceUserViewOf, sessionProvider } from "./load";
import { getServiceUserFlow, type ServiceUser, type ServiceUserView } from "@/lib/providers/flows";

type Failure = Extract<WizardActionResult<never>, { ok: false }>;

const STEP = /^[a-z][a-z0-9_]{0,39}$/;

async function requestContext() {
  const h = await headers();
  const ip = clientAddress(h);
  return { ip, userAgent: h.get("user-agent"), acceptLanguage: h.get("accept-language") };
}

function fail(code: string, message: string, extra: Partial<Failure> = {}): Failure {
  return { ok: false, code, message, ...extra };
}

/**
 * Spend one wizard check of the session, its client address and its workspace (lib/rate-limit.ts).
 * A refusal is audited as `connect_session.rate_limited` (outcome denied; at most one row per limit
 * and subject a minute): the abuse signal of case 34. Returns the failure to answer, or null.
 */
async function chargeCheck(session: ResolvedSession["session"], ctx: { ip: string | null; userAgent: string | null }, provider: ProviderDefinition, lang: Lang): Promise<Failure | null> {
  const limit = await checkLimiter().consume({ session: session.id, ip: ctx.ip, workspace: session.workspaceId });
  if (limit.allowed) return null;
  const subject = { session: session.id, ip: ctx.ip, workspace: session.workspaceId }[limit.by];
  if (await checkLimitAuditBudget().take(`${limit.by}:${subject}`)) {
    await recordAudit(getDb(), {
      workspaceId: session.workspaceId,
      actor: { type: "end_user", id: session.id, ip: ctx.ip, userAgent: ctx.userAgent },
      action: "connect_session.rate_limited",
      target: { type: "connect_session", id: session.id },
      outcome: "denied",
      details: { limit: limit.by, provider: provider.id, retryAfterSeconds: limit.retryAfterSeconds },
    });
  }
  return fail("rate_limited", rateLimitText(limit.retryAfterSeconds, lang), { retryAfterSeconds: limit.retryAfterSeconds });
}

/**
 * `hint`: the language the page was shown in (connect.js's `language`); the session's own wins.
 * Unknown tokens spend the client address's budget; once it is spent every token, valid or not, is
 * answered 429 (no oracle), the same budget proxy.ts applies to the wizard page.
 */
async function openSession(token: unknown, ctx: { ip: string | null; acceptLanguage: string | null }, hint?: unknown): Promise<{ row: ResolvedSession; lang: Lang } | Failure> {
  const { acceptLanguage } = ctx;
  const preferred = isLang(hint) ? hint : null;
  const fallback = preferred ?? pickLanguage({ acceptLanguage });
  const guesses = unknownTokenBudget();
  const wait = await guesses.blockedFor(ctx.ip);
  if (wait > 0) return fail("rate_limited", rateLimitText(wait, fallback), { retryAfterSeconds: wait });
  try {
    if (typeof token !== "string" || token.length > 200) throw new ConnectSessionError("not_found", fallback);
    const row = await resolveConnectSession(getDb(), token, { lang: fallback });
    const lang = pickLanguage({ session: row.session.language ?? preferred, acceptLanguage, workspaceDefault: row.workspace.defaultLanguage });
    return { row, lang };
  } catch (e) {
    if (e instanceof ConnectSessionError) {
      if (e.code === "not_found") await guesses.take(ctx.ip);
      return fail(e.code, e.message);
    }
    throw e;
  }
}

function unexpected(e: unknown, where: string, lang: Lang = "en"): Failure {
  const requestId = randomUUID();
  // The database is away (restarting, failing over): say so and when to try again, not "something went wrong".
  if (isDatabaseUnavailable(e)) {
    getLogger().warn({ requestId, where }, "wizard action: database unavailable");
    return fail("database_unavailable", serverTranslator(lang, "connect")("errors.databaseUnavailable"), { requestId, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  }
  // The error's name and stack only: a message could quote input.
  getLogger().error({ requestId, where, err: e instanceof Error ? { name: e.name, stack: e.stack } : { type: typeof e } }, "wizard action failed");
  return fail("internal_error", serverTranslator(lang, "connect")("errors.generic", { requestId }), { requestId });
}

/** Plain string values only, each within its field's limit; checked before anything else runs. */
function validateValues(provider: ProviderDefinition, values: unknown, lang: Lang): { values: Record<string, string> } | Failure {
  const t = serverTranslator(lang, "connect");
  if (typeof values !== "object" || values === null || Array.isArray(values)) return fail("invalid_input", t("form.invalid"));
  const meta = provider.fieldMeta as Record<string, { maxLength: number }>;
  const out: Record<string, string> = {};
  const fieldErrors: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!Object.hasOwn(meta, k)) continue;
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string") {
      fieldErrors[k] = [t("form.invalid")];
      continue;
    }
    if (v.length > meta[k]!.maxLength) {
      fieldErrors[k] = [t("form.tooLong", { max: meta[k]!.maxLength })];
      continue;
    }
    out[k] = v;
  }
  if (Object.keys(fieldErrors).length) return fail("invalid_input", t("form.invalid"), { fieldErrors });
  const parsed = provider.fields.safeParse(out);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const k = String(issue.path[0] ?? "_");
      const max = issue.code === "too_big" ? Number((issue as { maximum?: unknown }).maximum) : NaN;
      (fieldErrors[k] ??= []).push(!out[k] ? t("form.required") : Number.isFinite(max) ? t("form.tooLong", { max }) : t("form.invalid"));
    }
    return fail("invalid_input", t("form.invalid"), { fieldErrors });
  }
  return { values: out };
}

/** As the session API accepted them; the check engine parses them with the provider's schema. */
function providerOptionsOf(session: ResolvedSession["session"], providerId: string): ProviderOptions {
  return (session.providerOptions?.[providerId] as ProviderOptions | undefined) ?? {};
}

/**
 * Check the typed credentials against the provider and save the connection when the check allows
 * it. Everything that can refuse the attempt outright (session, provider, input, rate limit) is
 * decided before this returns; the check itself then runs on, and its progress reaches the browser
 * as a stream: one promise per permission, resolved the moment its probe settles, and the result.
 */
export async function startCheck(token: unknown, providerId: unknown, values: unknown, hint?: unknown): Promise<WizardActionResult<CheckStream>> {
  try {
    const ctx = await requestContext();
    const opened = await openSession(token, ctx, hint);
    if ("ok" in opened) return opened;
    const { row, lang } = opened;
    const { session } = row;
    const t = serverTranslator(lang, "connect");

    const provider = typeof providerId === "string" ? sessionProvider(session, providerId) : null;
    if (!provider || provider.authKind === "service_user") return fail("invalid_input", t("form.invalid"));

    const valid = validateValues(provider, values, lang);
    if ("ok" in valid) return valid;

    const limited = await chargeCheck(session, ctx, provider, lang);
    if (limited) {
      await recordSessionEvent(getDb(), session, { type: "error", step: "check", code: "rate_limited", provider: provider.id });
      return limited;
    }

    // One settle function per requested permission; whatever the check never reached settles as null.
    const settlers = new Map<ScopeId, (outcome: ScopeOutcome | null) => void>();
    const scopePromises: CheckStream["scopes"] = {};
    const scopes = scopesFor(session, provider);
    for (const id of new Set([...scopes.required, ...scopes.optional])) {
      scopePromises[id] = new Promise((resolve) => settlers.set(id, resolve));
    }
    let authenticated!: (ok: boolean) => void;
    const authPromise = new Promise<boolean>((resolve) => (authenticated = resolve));

    const result = finishCheck({ row, lang, ctx, provider, values: valid.values, scopes }, (event) => {
      if (event.type === "authenticated") return authenticated(true);
      const s = event.check;
      settlers.get(s.scope)?.(scopeOutcome(s, lang));
    }).finally(() => {
      authenticated(false);
      for (const settle of settlers.values()) settle(null);
    });
    return { ok: true, data: { authenticated: authPromise, scopes: scopePromises, result } };
  } catch (e) {
    // Before the session is resolved (e.g. the database is away) the page's language is the best guess.
    return unexpected(e, "startCheck", isLang(hint) ? hint : undefined);
  }
}

/** A probed scope as the wizard shows it: no provider status or latency; the fix the check computed for a missing one (it may be narrower than the scope's static text). */
function scopeOutcome(s: ScopeCheck, lang: Lang): ScopeOutcome {
  return {
    id: s.scope,
    status: s.status,
    required: s.required,
    ...(s.detail ? { detail: s.detail[lang] } : {}),
    ...(s.status === "missing" && s.fix ? { fix: s.fix[lang] } : {}),
  };
}

type CheckInput = {
  row: ResolvedSession;
  lang: Lang;
  ctx: Awaited<ReturnType<typeof requestContext>>;
  provider: ProviderDefinition;
  values: Record<string, string>;
  scopes: { required: ScopeId[]; optional: ScopeId[] };
};

/** Runs the check and saves what it allows. Never rejects: a failure becomes a result the wizard shows. */
async function finishCheck({ row, lang, ctx, provider, values, scopes }: CheckInput, onProgress: RunCheckInput["onProgress"]): Promise<WizardActionResult<CheckView>> {
  try {
    const { session, workspace } = row;
    const check = await runCheck({
      provider: provider.id,
      credentials: values,
      required: scopes.required,
      optional: scopes.optional,
      options: providerOptionsOf(session, provider.id),
      onProgress,
      // A new connection has no id yet: its session stands for it in the per-connection budget.
      budget: providerBudgetGate({ provider: provider.id, workspaceId: workspace.id, connection: session.mode === "reconnect" && session.connectionId ? session.connectionId : `session:${session.id}` }),
    });

    const view: CheckView = {
      outcome: check.outcome,
      saved: false,
      message: check.message[lang],
      ...(check.accountLabel ? { accountLabel: check.accountLabel } : {}),
      ...(check.retryAfterSeconds ? { retryAfterSeconds: check.retryAfterSeconds } : {}),
      scopes: check.scopes.map((s) => scopeOutcome(s, lang)),
    };

    if (!isSavable(check)) {
      const db = getDb();
      // A refused reconnect leaves the connection as it was; its check run still shows in its history.
      await recordCheckRun(db, { workspaceId: workspace.id, provider: provider.id, check, sessionId: session.id, connectionId: session.mode === "reconnect" ? session.connectionId : null });
      await recordSessionEvent(db, session, { type: "error", step: "check", code: check.outcome, provider: provider.id });
      return { ok: true, data: view };
    }

    const actor: Actor = { type: "end_user", id: session.endUserId, ip: ctx.ip, userAgent: ctx.userAgent };
    try {
      const saved = await saveCheckedConnection(getDb(), {
        session,
        workspace,
        provider,
        values,
        check,
        actor,
        requiredScopes: scopes.required,
        optionalScopes: scopes.optional,
      });
      await recordSessionEvent(getDb(), session, { type: "success", step: "result", provider: provider.id });
      return { ok: true, data: { ...view, saved: true, connectionId: saved.connectionId, status: saved.status } };
    } catch (e) {
      // Another tab saved first, or the session ran out while the provider answered.
      if (e instanceof ConnectSessionError) return fail(e.code, e.messages[lang]);
      if (isAppError(e) && e.code === "not_found") return fail("not_found", e.message);
      throw e;
    }
  } catch (e) {
    return unexpected(e, "startCheck", lang);
  }
}

/** A service-user flow: the admin has invited the service user; create the connection in `pending`. */
export async function sendServiceUserInvitation(token: unknown, providerId: unknown, hint?: unknown): Promise<WizardActionResult<ServiceUserView>> {
  try {
    const ctx = await requestContext();
    const opened = await openSession(token, ctx, hint);
    if ("ok" in opened) return opened;
    const { row, lang } = opened;
    const { session, workspace } = row;
    const provider = typeof providerId === "string" ? sessionProvider(session, providerId) : null;
    const flow = provider?.flow === "service_user" ? getServiceUserFlow(provider.id) : undefined;
    if (!provider || !flow) return fail("invalid_input", serverTranslator(lang, "connect")("form.invalid"));
    const limited = await chargeCheck(session, ctx, provider, lang);
    if (limited) return limited;

    const scopes = scopesFor(session, provider);
    const existing = session.mode === "reconnect" ? await getSessionConnection(getDb(), session) : null;
    let serviceUser: ServiceUser;
    try {
      serviceUser = serviceUserFor(flow, session, workspace, existing);
    } catch (e) {
      const text = flow.setupErrorText(e);
      if (text) return fail("unavailable", text[lang]);
      throw e;
    }
    const providerState = flow.createState({ serviceUser, requiredScopes: scopes.required });
    const actor: Actor = { type: "end_user", id: session.endUserId, ip: ctx.ip, userAgent: ctx.userAgent };
    try {
      const saved = await saveServiceUserInvitation(getDb(), {
        session,
        workspace,
        flow,
        providerState,
        requiredScopes: scopes.required,
        optionalScopes: scopes.optional,
        actor,
      });
      await recordSessionEvent(getDb(), session, { type: "success", step: "service_user_state", provider: provider.id });
      return { ok: true, data: serviceUserViewOf(flow, { connection: { id: saved.connectionId, providerState }, session, workspace, lang }) };
    } catch (e) {
      if (e instanceof ConnectSessionError) return fail(e.code, e.messages[lang]);
      throw e;
    }
  } catch (e) {
    return unexpected(e, "sendServiceUserInvitation", isLang(hint) ? hint : undefined);
  }
}

/**
 * The OAuth route: a new consent attempt for this session (lib/connections/oauth.ts). The wizard
 * opens the returned URL in the popup it opened on the click (or the whole page, for a hosted link).
 */
export async function startOAuth(token: unknown, providerId: unknown, hint?: unknown): Promise<WizardActionResult<{ url: string; attemptId: string }>> {
  try {
    const ctx = await requestContext();
    const opened = await openSession(token, ctx, hint);
    if ("ok" in opened) return opened;
    const { row, lang } = opened;
    const { session, workspace } = row;
    const provider = typeof providerId === "string" ? sessionProvider(session, providerId) : null;
    if (!provider) return fail("invalid_input", serverTranslator(lang, "connect")("form.invalid"));
    const limited = await chargeCheck(session, ctx, provider, lang);
    if (limited) return limited;
    const started = await startAuthorization(getDb(), { session, provider, display: session.link === "hosted" ? "redirect" : "popup", scopes: scopesFor(session, provider) });
    if ("failure" in started) {
      const text = serverTranslator(lang, "connect")(`oauth.errors.${started.failure}`, { provider: provider.name, workspace: workspace.branding.displayName || workspace.name, scopes: "" });
      return fail(started.failure, text);
    }
    await recordSessionEvent(getDb(), session, { type: "step", step: "oauth_consent", provider: provider.id });
    return { ok: true, data: started };
  } catch (e) {
    return unexpected(e, "startOAuth");
  }
}

/** What the callback decided for an attempt of this session (null while it has not answered). */
export async function oauthAttempt(token: unknown, attemptId: unknown, hint?: unknown): Promise<WizardActionResult<OAuthOutcomeView | null>> {
  try {
    const ctx = await requestContext();
    const opened = await openSession(token, ctx, hint);
    // A used session is expected here: the callback has just used it.
    if ("ok" in opened && opened.code !== "session_used") return opened;
    const sessionId = "ok" in opened ? await sessionIdOfToken(token) : opened.row.session.id;
    if (!sessionId || typeof attemptId !== "string" || attemptId.length > 64) return { ok: true, data: null };
    return { ok: true, data: await attemptOutcome(getDb(), sessionId, attemptId) };
  } catch (e) {
    return unexpected(e, "oauthAttempt");
  }
}

async function sessionIdOfToken(token: unknown): Promise<string | null> {
  if (typeof token !== "string") return null;
  try {
    return (await resolveConnectSession(getDb(), token, { allowUsed: true })).session.id;
  } catch {
    return null;
  }
}

/**
 * A wizard prepared hidden (connect.js's prepareConnect) is now shown: record its opening, by the
 * same rule the page applies to a wizard shown at once (load.ts, openingEvent). Best effort, within
 * the session's step-event budget; unknown tokens spend the address's guessing budget.
 */
export async function reportShown(token: unknown): Promise<void> {
  try {
    if (typeof token !== "string" || token.length > 200) return;
    const ctx = await requestContext();
    const guesses = unknownTokenBudget();
    if ((await guesses.blockedFor(ctx.ip)) > 0) return;
    const db = getDb();
    const state = await loadSessionState(db, token, ctx.acceptLanguage);
    if (state.kind === "error" && !state.session) {
      await guesses.take(ctx.ip);
      return;
    }
    const connectionGone = state.kind === "ok" && state.session.mode === "reconnect" && !(await getSessionConnection(db, state.session));
    const opening = openingEvent(state, { connectionGone });
    if (!opening || !(await stepEventBudget().take(opening.session.id))) return;
    await recordSessionEvent(db, opening.session, opening.event);
  } catch (e) {
    getLogger().warn({ err: e instanceof Error ? { name: e.name } : undefined }, "wizard opening not recorded");
  }
}

/** Funnel analytics: the step the admin reached. Best effort; never fails the wizard. */
export async function reportStep(token: unknown, step: unknown, provider: unknown): Promise<void> {
  try {
    if (typeof step !== "string" || !STEP.test(step)) return;
    const ctx = await requestContext();
    const opened = await openSession(token, ctx);
    if ("ok" in opened) return;
    // Funnel events only: past the session's budget they are dropped, not refused.
    if (!(await stepEventBudget().take(opened.row.session.id))) return;
    const p = typeof provider === "string" && /^[a-z]{1,32}$/.test(provider) ? provider : null;
    await recordSessionEvent(getDb(), opened.row.session, { type: "step", step, provider: p });
  } catch (e) {
    getLogger().warn({ err: e instanceof Error ? { name: e.name } : undefined }, "wizard step not recorded");
  }
}
