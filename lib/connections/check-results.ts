// How a check result is written down, once for every trigger: the per-scope results stored on the
// connection and in its check runs, and the check run itself (saved or not, for support's history).
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { checkRuns, type CheckTrigger, type Connection, type ScopeResult } from "@/lib/db/schema";
import { emitEvent } from "@/lib/handoff/outbox";
import type { RuleDecision } from "@/lib/connections/status-rule";
import { newId } from "@/lib/ids";
import { metrics } from "@/lib/metrics/registry";
import type { CheckResult } from "@/lib/providers/types";

export type ScopeResults = Record<string, ScopeResult & { latencyMs?: number }>;

/** A check run's per-scope results (with each probe's latency). */
export function scopeResultsOf(check: Pick<CheckResult, "scopes">): ScopeResults {
  const out: ScopeResults = {};
  for (const s of check.scopes) {
    out[s.scope] = {
      status: s.status,
      required: s.required,
      ...(s.providerStatus !== undefined ? { providerStatus: s.providerStatus } : {}),
      ...(s.detail ? { detail: s.detail.en } : {}),
      ...(s.latencyMs !== undefined ? { latencyMs: s.latencyMs } : {}),
    };
  }
  return out;
}

/** What a connection stores: the same, without latencies (they belong to one run). */
export function storedScopeResultsOf(check: Pick<CheckResult, "scopes">): Record<string, ScopeResult> {
  return Object.fromEntries(Object.entries(scopeResultsOf(check)).map(([k, { latencyMs: _l, ...rest }]) => [k, rest]));
}

/** Scopes the stored results list as granted that this check found missing. */
export function lostScopes(previous: Record<string, ScopeResult> | null | undefined, check: Pick<CheckResult, "scopes">): string[] {
  const now = new Map<string, string>(check.scopes.map((s) => [s.scope, s.status]));
  return Object.entries(previous ?? {})
    .filter(([scope, r]) => r.status === "granted" && now.get(scope) === "missing")
    .map(([scope]) => scope);
}

/** Optional scopes the stored results list as missing. */
export function storedOptionalMissing(previous: Record<string, ScopeResult> | null | undefined): string[] {
  return Object.entries(previous ?? {})
    .filter(([, r]) => !r.required && r.status === "missing")
    .map(([scope]) => scope);
}

/**
 * A check run: every check is recorded, whatever it changed (nothing, for a provider that was down),
 * and counted in the metrics (latchkey_provider_check_duration_seconds) by provider, outcome and trigger.
 */
export async function recordCheckRun(
  db: DbOrTx,
  input: { workspaceId: string; provider: string; check: CheckResult; sessionId?: string | null; connectionId?: string | null; trigger?: CheckTrigger },
): Promise<string> {
  const trigger = input.trigger ?? "wizard";
  metrics().check.observe({ provider: input.provider, outcome: input.check.outcome, trigger }, Math.max(0, input.check.durationMs) / 1000);
  const id = newId("chk");
  await db.insert(checkRuns).values({
    id,
    workspaceId: input.workspaceId,
    connectionId: input.connectionId ?? null,
    sessionId: input.sessionId ?? null,
    provider: input.provider,
    trigger,
    outcome: input.check.outcome,
    scopeResults: scopeResultsOf(input.check),
    authStatus: input.check.authStatus ?? null,
    durationMs: Math.max(0, Math.round(input.check.durationMs)),
  });
  return id;
}

/**
 * The rule's events and the audit entry, written in the caller's transaction. Every trigger uses
 * this, so event payloads and audit details are the same whoever checked (only `trigger` and the
 * actor differ). `audit: null` when the caller writes its own entry (the wizard's reconnect).
 */
export async function applyCheckResult(
  tx: DbOrTx,
  input: { connection: Connection; check: CheckResult; decision: RuleDecision; trigger: CheckTrigger; actor: Actor; audit: "connection.rechecked" | null },
): Promise<void> {
  const { connection: conn, check, decision, trigger } = input;
  const lost = lostScopes(conn.scopeResults, check);
  const to = decision.status ?? conn.status;
  for (const type of decision.events) {
    await emitEvent(tx, {
      workspaceId: conn.workspaceId,
      type,
      connectionId: conn.id,
      payload: {
        connection_id: conn.id,
        provider: conn.provider,
        status: to,
        outcome: check.outcome,
        trigger,
        lost_scopes: lost,
        missing_required_scopes: decision.missingRequired,
        missing_optional_scopes: decision.missingOptional,
      },
    });
  }
  if (input.audit)
    await recordAudit(tx, {
      workspaceId: conn.workspaceId,
      actor: input.actor,
      action: input.audit,
      target: { type: "connection", id: conn.id },
      details: {
        trigger,
        outcome: check.outcome,
        verdict: decision.verdict,
        from: conn.status,
        to,
        lostScopes: lost,
        missingRequired: decision.missingRequired,
        missingOptional: decision.missingOptional,
        events: decision.events,
      },
    });
}
