// The helper kit for a provider's server part: the types and helpers each
// `lib/providers/<id>/server.ts` uses. Imports no provider, so no cycle: the registry
// (registry.server.ts) imports the providers, the providers import this kit.
//
// Each provider with a credential check has `lib/providers/<id>/server.ts` exporting
// `defineProviderServer({ authenticate, probes, proxyAuth? })`:
//
//   authenticate(credentials, ctx) → AuthResult<Session>
//       `credentials` are already parsed by the provider's zod `fields`. Call the provider once
//       through `ctx.http` (base URL, deadline, redirects and size cap are handled there) and return
//       `{ ok: true, session, accountLabel? }` or `{ ok: false, outcome, status?, retryAfterSeconds? }`
//       with outcome invalid_credentials | rate_limited | provider_unreachable | provider_error.
//       Throwing a ProviderCallError (e.g. from `res.parse(schema)`) is fine: the engine classifies it.
//   probes[scope](session, ctx) → ProbeOutcome
//       One read-only request (or a few in parallel) proving one unified scope. Never writes data.
//       Return granted / missing (optionally a narrower `fix`) / unknown with a reason. Use
//       `failureOutcome(res)` for the 429/5xx cases every provider shares. Write scopes without a
//       safe probe return `{ status: "unknown", reason: "not_probeable" }`.
//   proxyAuth?(session, credentials) → { headers?, json? }
//       What the passthrough adds to a vendor's request so that the secret never leaves Latchkey.
//
// Register it in lib/providers/registry.server.ts with one line. The engine (check.ts) runs authenticate once and every
// requested probe in parallel, each with its own deadline, and writes the messages.
import "server-only";
import type { z } from "zod";
import type { ProviderHttp, ProviderResponse } from "@/lib/providers/http";
import type { Localized, ProviderDefinition, ProviderOptions, ScopeId } from "@/lib/providers/types";

export type AuthContext = {
  /** Bound to the provider's configured base URL, with the check's deadline. */
  http: ProviderHttp;
  options: ProviderOptions;
};

export type ProbeContext = AuthContext & {
  /** Aborted when this probe's deadline passes or the check is cancelled. */
  signal: AbortSignal;
};

export type AuthFailureOutcome = "invalid_credentials" | "rate_limited" | "provider_unreachable" | "provider_error";

export type AuthResult<S> =
  | { ok: true; session: S; accountLabel?: string; status?: number }
  | { ok: false; outcome: AuthFailureOutcome; status?: number; retryAfterSeconds?: number };

export type UnknownReason = "rate_limited" | "unreachable" | "timeout" | "provider_error" | "not_probeable";

export type ProbeOutcome =
  | { status: "granted"; providerStatus?: number; detail?: Localized }
  | { status: "missing"; providerStatus?: number; detail?: Localized; fix?: Localized; missingAttributes?: string[] }
  | { status: "unknown"; reason: UnknownReason; providerStatus?: number; retryAfterSeconds?: number; detail?: Localized };

export type Probe<S> = (session: S, ctx: ProbeContext) => Promise<ProbeOutcome>;

export type ProxyAuth = { headers?: Record<string, string>; json?: Record<string, unknown> };

export type ProviderServer<C = unknown, S = unknown> = {
  authenticate(credentials: C, ctx: AuthContext): Promise<AuthResult<S>>;
  probes: Partial<Record<ScopeId, Probe<S>>>;
  proxyAuth?(session: S, credentials: C): ProxyAuth;
  /** Headers every request to this provider carries (e.g. Personio's partner id). */
  defaultHeaders?(): Record<string, string>;
};

/** Ties the server part to the definition's field schema, so `credentials` is typed. */
export function defineProviderServer<F extends z.ZodObject, S>(
  _definition: ProviderDefinition<F>,
  server: ProviderServer<z.infer<F>, S>,
): ProviderServer<z.infer<F>, S> {
  return server;
}

/** The cases every provider shares: rate limiting and server-side failures make a scope unknown. */
export function failureOutcome(res: ProviderResponse): ProbeOutcome | undefined {
  if (res.status === 429) return { status: "unknown", reason: "rate_limited", providerStatus: 429, retryAfterSeconds: res.retryAfterSeconds() };
  if (res.status >= 500) return { status: "unknown", reason: "unreachable", providerStatus: res.status };
  return undefined;
}

/** The same for authentication. */
export function authFailure(res: ProviderResponse): Extract<AuthResult<never>, { ok: false }> | undefined {
  if (res.status === 429) return { ok: false, outcome: "rate_limited", status: 429, retryAfterSeconds: res.retryAfterSeconds() };
  if (res.status >= 500) return { ok: false, outcome: "provider_unreachable", status: res.status };
  return undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry is typed by its own definition; the engine parses credentials with that definition's schema before calling it
export type AnyProviderServer = ProviderServer<any, any>;
