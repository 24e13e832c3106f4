// The check engine, written once for every provider: authenticate once, run the requested scopes'
// probes in parallel (each with its own deadline), classify each scope, and decide one outcome with
// a message in English and German. Nothing here ever sees a provider's body as text.
import "server-only";
import type { Logger } from "pino";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { createProviderHttp, providerBaseUrl, ProviderCallError, type ProviderCallErrorKind } from "@/lib/providers/http";
import type { BudgetGate } from "@/lib/providers/budget";
import { getProvider } from "@/lib/providers/index";
import { budgetMessage, outcomeMessage } from "@/lib/providers/messages";
import type { AuthResult, ProbeOutcome, ProxyAuth, UnknownReason } from "@/lib/providers/kit";
import { getProviderServer } from "@/lib/providers/registry.server";
import { providerOutcomeMessage, providerText } from "@/lib/providers/text";
import type { CheckOutcome, CheckResult, ProviderDefinition, ProviderId, ProviderOptions, ScopeCheck, ScopeId, TextKey } from "@/lib/providers/types";

export type RunCheckInput = {
  provider: ProviderId;
  /** Raw values from the form; parsed with the provider's schema here (the server validates again). */
  credentials: unknown;
  /** Scopes the session needs; default: the provider's default required scopes. */
  required?: ScopeId[];
  optional?: ScopeId[];
  options?: ProviderOptions;
  /** Cancels the whole check (e.g. the request was aborted). */
  signal?: AbortSignal;
  /** Deadline per provider request and per probe; default PROVIDER_TIMEOUT_MS. */
  timeoutMs?: number;
  logger?: Logger;
  /**
   * The provider budget (lib/rate-limit.ts `providerBudgetGate`), asked before every request; a
   * request over budget is not sent and the check ends `rate_limited` with the wait.
   */
  budget?: BudgetGate;
  /** Live progress for the wizard: called once authentication passed, then as each scope settles. */
  onProgress?: (event: { type: "authenticated" } | { type: "scope"; check: ScopeCheck }) => void;
};

function reasonOf(kind: ProviderCallErrorKind): UnknownReason {
  if (kind === "budget") return "rate_limited";
  if (kind === "timeout" || kind === "aborted") return "timeout";
  if (kind === "unreachable") return "unreachable";
  return "provider_error";
}

/** Which failure outcome a scope's unknown reason stands for. */
function outcomeOfReason(reason: UnknownReason): CheckOutcome | undefined {
  switch (reason) {
    case "rate_limited":
      return "rate_limited";
    case "unreachable":
    case "timeout":
      return "provider_unreachable";
    case "provider_error":
      return "provider_error";
    case "not_probeable":
      return undefined;
  }
}


/** Most actionable first: a person can wait out a rate limit; an outage or a bad answer next. */
const FAILURE_PRIORITY: CheckOutcome[] = ["rate_limited", "provider_unreachable", "provider_error"];

export async function runCheck(input: RunCheckInput): Promise<CheckResult> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const definition = getProvider(input.provider);
  const server = getProviderServer(input.provider);
  if (!definition || !server) throw new AppError("invalid_input", `No credential check exists for “${input.provider}”.`);
  const logger = (input.logger ?? getLogger()).child({ component: "provider-check", provider: input.provider });

  const parsed = definition.fields.safeParse(input.credentials);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "_");
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new AppError("invalid_input", "Some fields are missing or not valid.", { fieldErrors });
  }
  const credentials = parsed.data;
  // Only a field the provider's own schema validated (Personio: a host on its web domains) may shape a link.
  const addressValue = definition.webAddress ? (credentials as Record<string, unknown>)[definition.webAddress.field] : undefined;
  const linkAddress = typeof addressValue === "string" ? addressValue : undefined;

  // Only scopes this provider offers; a scope asked for as required and optional counts as required.
  const offered = (s: ScopeId) => definition.scopes[s] !== undefined;
  const required = [...new Set(input.required ?? definition.defaultScopes.required)].filter(offered);
  const optional = [...new Set(input.optional ?? (input.required ? [] : definition.defaultScopes.optional))].filter(
    (s) => offered(s) && !required.includes(s),
  );
  // Stored options are what the session API accepted; a provider's schema reads only its own keys.
  const parsedOptions = definition.options?.safeParse(input.options ?? {});
  const text = (key: TextKey) => providerText(definition.id, key);
  const options: ProviderOptions = parsedOptions?.success ? parsedOptions.data : {};
  const timeoutMs = input.timeoutMs ?? getEnv().PROVIDER_TIMEOUT_MS;
  const baseUrl = providerBaseUrl(input.provider);
  const defaultHeaders = server.defaultHeaders?.() ?? {};
  const requestLog = (info: { method: string; path: string; status?: number; latencyMs: number; error?: string }) => logger.debug(info, "provider request");

  const finish = (result: Omit<CheckResult, "provider" | "durationMs" | "checkedAt">): CheckResult => {
    const full: CheckResult = { provider: input.provider, ...result, durationMs: Math.round(performance.now() - started), checkedAt };
    logger.info(
      {
        outcome: full.outcome,
        authStatus: full.authStatus,
        durationMs: full.durationMs,
        scopes: full.scopes.map((s) => ({ scope: s.scope, status: s.status, required: s.required, providerStatus: s.providerStatus, reason: s.reason, latencyMs: s.latencyMs })),
      },
      "provider check finished",
    );
    return full;
  };

  // 1. Authenticate once.
  let auth: AuthResult<unknown>;
  const budget = (kind: "auth" | "call") => (input.budget ? { budget: { gate: input.budget, kind } } : {});
  const authHttp = createProviderHttp({ baseUrl, timeoutMs, signal: input.signal, headers: defaultHeaders, onRequest: requestLog, ...budget("auth") });
  try {
    auth = await server.authenticate(credentials, { http: authHttp, options });
  } catch (e) {
    if (!(e instanceof ProviderCallError)) throw e;
    if (e.kind === "budget") {
      return finish({
        outcome: "rate_limited",
        message: budgetMessage(definition.name, e.retryAfterSeconds),
        scopes: [],
        retryAfterSeconds: e.retryAfterSeconds,
      });
    }
    const reason = reasonOf(e.kind);
    const outcome = reason === "provider_error" ? "provider_error" : "provider_unreachable";
    return finish({
      outcome,
      message: outcomeMessage(outcome, { provider: definition.name, timedOut: reason === "timeout" }),
      scopes: [],
      authStatus: e.status,
    });
  }
  if (!auth.ok) {
    return finish({
      outcome: auth.outcome,
      // A provider whose credential is not "a key" says in its own words what was refused (Personio: client ID and secret).
      message: providerOutcomeMessage(definition, auth.outcome, { provider: definition.name, retryAfterSeconds: auth.retryAfterSeconds, singleSecret: requiredFieldCount(definition) === 1 }),
      scopes: [],
      authStatus: auth.status,
      retryAfterSeconds: auth.retryAfterSeconds,
    });
  }
  const session = auth.session;
  input.onProgress?.({ type: "authenticated" });

  // 2. Every probe at once, each with its own deadline.
  let heldBack = false;
  const probeOne = async (scope: ScopeId, isRequired: boolean): Promise<ScopeCheck> => {
    const scopeDef = definition.scopes[scope]!;
    const probe = server.probes[scope];
    const probeStarted = performance.now();
    let outcome: ProbeOutcome;
    if (!probe) {
      outcome = { status: "unknown", reason: "not_probeable" };
    } else {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new ProviderCallError("timeout")), timeoutMs);
      const signal = input.signal ? AbortSignal.any([input.signal, deadline.signal]) : deadline.signal;
      const http = createProviderHttp({ baseUrl, timeoutMs, signal, headers: defaultHeaders, onRequest: requestLog, ...budget("call") });
      try {
        outcome = await Promise.race([
          probe(session, { http, options, signal }),
          new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new ProviderCallError("timeout")), { once: true })),
        ]);
      } catch (e) {
        if (!(e instanceof ProviderCallError)) {
          logger.error({ scope, err: e instanceof Error ? { name: e.name } : undefined }, "probe failed unexpectedly");
          outcome = { status: "unknown", reason: "provider_error" };
        } else {
          if (e.kind === "budget") heldBack = true;
          outcome = { status: "unknown", reason: reasonOf(e.kind), providerStatus: e.status, ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
        }
      } finally {
        clearTimeout(timer);
      }
    }
    const check: ScopeCheck = {
      scope,
      status: outcome.status,
      required: isRequired,
      providerStatus: outcome.providerStatus,
      latencyMs: Math.round(performance.now() - probeStarted),
      detail: outcome.detail,
    };
    if (outcome.status === "missing") {
      check.fix = outcome.fix ?? text(scopeDef.fix);
      check.permission = text(scopeDef.permission);
      const fixLink = scopeDef.link?.({ address: linkAddress });
      if (fixLink) check.fixLink = fixLink;
      if (outcome.missingAttributes?.length) check.missingAttributes = outcome.missingAttributes;
    }
    if (outcome.status === "unknown") {
      check.reason = outcome.reason;
      if (outcome.reason === "not_probeable" && !check.detail && scopeDef.note) check.detail = text(scopeDef.note);
      if (outcome.retryAfterSeconds !== undefined) check.retryAfterSeconds = outcome.retryAfterSeconds;
    }
    input.onProgress?.({ type: "scope", check });
    return check;
  };

  const scopes = await Promise.all([...required.map((s) => probeOne(s, true)), ...optional.map((s) => probeOne(s, false))]);
  if (input.signal?.aborted) throw new AppError("provider_unreachable", "The check was cancelled.");

  // 3. One outcome. Missing required permissions are what the person can fix, so they come first;
  // then a required scope the provider failed to answer for; otherwise ok (optional gaps noted).
  const missingRequired = scopes.filter((s) => s.required && s.status === "missing");
  const missingOptional = scopes.filter((s) => !s.required && s.status === "missing");
  const permissionName = (s: ScopeCheck) => text(definition.scopes[s.scope]!.permission);
  if (missingRequired.length) {
    return finish({
      outcome: "missing_scopes",
      message: outcomeMessage("missing_scopes", { provider: definition.name, missingRequired: missingRequired.map(permissionName) }),
      scopes,
      accountLabel: auth.accountLabel,
      authStatus: auth.status,
    });
  }
  const failures = scopes
    .filter((s) => s.required && s.status === "unknown" && s.reason)
    .map((s) => ({ s, outcome: outcomeOfReason(s.reason!) }))
    .filter((f): f is { s: ScopeCheck; outcome: CheckOutcome } => f.outcome !== undefined);
  if (failures.length) {
    const outcome = FAILURE_PRIORITY.find((o) => failures.some((f) => f.outcome === o))!;
    const retryAfter = outcome === "rate_limited"
      ? Math.max(0, ...failures.map((f) => f.s.retryAfterSeconds ?? 0)) || undefined
      : undefined;
    const timedOut = outcome === "provider_unreachable" && failures.every((f) => f.outcome !== "provider_unreachable" || f.s.reason === "timeout");
    return finish({
      outcome,
      message: outcome === "rate_limited" && heldBack ? budgetMessage(definition.name, retryAfter) : outcomeMessage(outcome, { provider: definition.name, retryAfterSeconds: retryAfter, timedOut }),
      scopes,
      accountLabel: auth.accountLabel,
      authStatus: auth.status,
      retryAfterSeconds: retryAfter,
    });
  }
  return finish({
    outcome: "ok",
    message: outcomeMessage("ok", { provider: definition.name, missingOptional: missingOptional.map(permissionName) }),
    scopes,
    accountLabel: auth.accountLabel,
    authStatus: auth.status,
  });
}

export type ProviderSession =
  | { ok: true; baseUrl: string; auth: ProxyAuth; accountLabel?: string }
  | { ok: false; outcome: Exclude<CheckOutcome, "ok" | "missing_scopes">; retryAfterSeconds?: number; status?: number };

/**
 * Authenticates once and returns what a passthrough call adds (headers and/or body fields) and the
 * configured base URL. For the passthrough and scheduled syncs: the caller never sees the secret
 * again once it has handed over the decrypted credentials, and the answer is never logged.
 */
export async function openProviderSession(input: { provider: ProviderId; credentials: unknown; signal?: AbortSignal; timeoutMs?: number; budget?: BudgetGate }): Promise<ProviderSession> {
  const definition = getProvider(input.provider);
  const server = getProviderServer(input.provider);
  if (!definition || !server?.proxyAuth) throw new AppError("invalid_input", `No passthrough exists for “${input.provider}”.`);
  const credentials = definition.fields.parse(input.credentials);
  const baseUrl = providerBaseUrl(input.provider);
  const http = createProviderHttp({
    baseUrl,
    timeoutMs: input.timeoutMs ?? getEnv().PROVIDER_TIMEOUT_MS,
    signal: input.signal,
    headers: server.defaultHeaders?.() ?? {},
    ...(input.budget ? { budget: { gate: input.budget, kind: "auth" as const } } : {}),
  });
  try {
    const auth = await server.authenticate(credentials, { http, options: {} });
    if (!auth.ok) return { ok: false, outcome: auth.outcome, retryAfterSeconds: auth.retryAfterSeconds, status: auth.status };
    const proxy = server.proxyAuth(auth.session, credentials);
    return { ok: true, baseUrl, auth: { headers: { ...server.defaultHeaders?.(), ...proxy.headers }, json: proxy.json }, accountLabel: auth.accountLabel };
  } catch (e) {
    if (!(e instanceof ProviderCallError)) throw e;
    if (e.kind === "budget") return { ok: false, outcome: "rate_limited", retryAfterSeconds: e.retryAfterSeconds };
    return { ok: false, outcome: reasonOf(e.kind) === "provider_error" ? "provider_error" : "provider_unreachable", status: e.status };
  }
}

/** How many values the customer must enter (People HR: one key; HR WORKS and Personio: two). */
function requiredFieldCount(definition: ProviderDefinition): number {
  return Object.values(definition.fields.shape).filter((field) => !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success).length;
}
