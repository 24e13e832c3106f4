// THE status rule: what one permission check does to a connection's status. Pure (no database, no
// clock), and the only place that decides it; `recheck` (dashboard, daily health check, API) and the
// wizard's save (create and reconnect) all ask it, and apply what it says the same way.
//
// A check is first classified by what it proves about the customer's side:
//   broken        the credentials were refused (invalid_credentials) or a REQUIRED scope is missing
//   degraded      every required scope granted, but one or more OPTIONAL scopes missing
//   healthy       every scope it asked for granted (optional ones reported "unknown" do not count)
//   inconclusive  the provider was down, slow, rate limiting or erroring (provider_unreachable,
//                 rate_limited, provider_error), or a required scope could not be determined
//                 ("unknown"): nothing is known about the customer's side.
//
// Re-checking the STORED credential of an existing connection (subject "stored"; triggers
// dashboard, schedule, api), starting from `active` or `needs_attention`:
//   broken        → needs_attention; ONE `connection.check_failed` on the transition into it (none
//                   when it already was needs_attention, so a daily check does not repeat it).
//   degraded      → active; `connection.check_warning` when the set of missing optional scopes
//                   differs from the one stored (once per change, not every day). A lost optional
//                   scope is not worth waking anyone: the sync still runs, just with less data.
//   healthy       → active.
//   + from needs_attention to active (degraded or healthy): `connection.recovered`, so that a
//     receiver who raised an alert on check_failed can clear it.
//   inconclusive  → no change, no event, the connection row is not written at all; only the check
//                   run is recorded (that is not the customer's doing).
// Connections in any other status (pending: a service user before verification, deleted) are left alone.
//
// Checking a NEW credential typed in the wizard (subject "new"):
//   broken or inconclusive → refused: nothing is saved (create: no connection; reconnect: the
//                   existing connection and its stored credential stay exactly as they were, since
//                   the check said nothing about the stored credential). The check run is recorded.
//   degraded/healthy → saved `active` (create: with the note of missing optional scopes in the
//                   audit entry). A reconnect then follows the same events as above: recovered out
//                   of needs_attention, check_warning when the missing optional set changed;
//                   besides `connection.created` / `connection.updated`, which the save emits.
//
// The audit action (`connection.rechecked`) and the check-run shape are the same for every
// trigger; only `trigger` and the actor differ.
import type { ConnectionStatus } from "@/lib/db/schema";
import type { CheckOutcome, ScopeStatus } from "@/lib/providers/types";

export type CheckVerdict = "broken" | "degraded" | "healthy" | "inconclusive";

export type RuleEvent = "connection.check_failed" | "connection.check_warning" | "connection.recovered";

export type RuleCheck = { outcome: CheckOutcome; scopes: ReadonlyArray<{ scope: string; status: ScopeStatus; required: boolean }> };

export type RuleInput = {
  subject: "stored" | "new";
  /** The connection's status before the check; null for the wizard's first save (create). */
  from: ConnectionStatus | null;
  check: RuleCheck;
  /** Optional scopes the connection's stored results list as missing (for the warning's "changed"). */
  previousOptionalMissing: readonly string[];
};

export type RuleDecision = {
  verdict: CheckVerdict;
  /** What to do with the connection: save/update it with `status`, refuse (wizard), or leave it. */
  action: "apply" | "refuse" | "leave";
  /** The status to write when `action` is "apply". */
  status: ConnectionStatus | null;
  events: RuleEvent[];
  /** Whether the check's per-scope results replace the stored ones (not for refused credentials). */
  storeScopes: boolean;
  missingRequired: string[];
  missingOptional: string[];
};

const TRANSIENT: ReadonlySet<CheckOutcome> = new Set(["provider_unreachable", "rate_limited", "provider_error"]);

export function classifyCheck(check: RuleCheck): { verdict: CheckVerdict; missingRequired: string[]; missingOptional: string[] } {
  const missingRequired = check.scopes.filter((s) => s.required && s.status === "missing").map((s) => s.scope);
  const missingOptional = check.scopes.filter((s) => !s.required && s.status === "missing").map((s) => s.scope);
  let verdict: CheckVerdict;
  if (check.outcome === "invalid_credentials" || missingRequired.length) verdict = "broken";
  else if (TRANSIENT.has(check.outcome) || check.scopes.some((s) => s.required && s.status !== "granted")) verdict = "inconclusive";
  else if (check.outcome === "missing_scopes" && !missingOptional.length) verdict = "inconclusive";
  else verdict = missingOptional.length ? "degraded" : "healthy";
  return { verdict, missingRequired, missingOptional };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

export function decideStatus(input: RuleInput): RuleDecision {
  const { verdict, missingRequired, missingOptional } = classifyCheck(input.check);
  const base = { verdict, missingRequired, missingOptional };
  const leave: RuleDecision = { ...base, action: "leave", status: null, events: [], storeScopes: false };

  if (input.subject === "new") {
    if (verdict === "broken" || verdict === "inconclusive") return { ...base, action: "refuse", status: null, events: [], storeScopes: false };
    if (input.from === null) return { ...base, action: "apply", status: "active", events: [], storeScopes: true };
  }
  if (input.from !== "active" && input.from !== "needs_attention") return leave;
  if (verdict === "inconclusive") return leave;

  const events: RuleEvent[] = [];
  if (verdict === "broken") {
    if (input.from !== "needs_attention") events.push("connection.check_failed");
    return { ...base, action: "apply", status: "needs_attention", events, storeScopes: input.check.outcome !== "invalid_credentials" };
  }
  if (input.from === "needs_attention") events.push("connection.recovered");
  if (verdict === "degraded" && !sameSet(missingOptional, input.previousOptionalMissing)) events.push("connection.check_warning");
  return { ...base, action: "apply", status: "active", events, storeScopes: true };
}
