// Re-checking a connection's stored credential, the same way for every trigger: the dashboard's
// "re-run check now", the daily health check (lib/connections/health-checks.ts) and the API. The
// credential is opened through the vault (audited with the actor and a reason) and checked OUTSIDE
// any transaction (a provider may be slow, and the embedded database is one session); then one
// short transaction records the check run, locks the row, asks the status rule (status-rule.ts)
// and applies its decision with `applyCheckResult`. Inside it only `tx` is used. No "server-only"
// marker: the health-check worker runs it in plain Node; the vault and the check engine (which
// carry the marker) are imported lazily, after lib/jobs has allowed the marker in that process.
import { recordAudit, type Actor } from "@/lib/audit";
import { getDb, type Db, type DbOrTx } from "@/lib/db";
import type { CheckTrigger, Connection, ConnectionStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { emitEvent } from "@/lib/handoff/outbox";
import { getProvider } from "@/lib/providers";
import type { BudgetGate } from "@/lib/providers/budget";
import type { CheckResult, ProviderDefinition, ProviderId, ProviderOptions, ScopeId } from "@/lib/providers/types";
import { lostScopes, recordCheckRun, storedOptionalMissing, storedScopeResultsOf } from "@/lib/connections/check-results";
import { findLiveConnection, lockConnection, updateConnection } from "@/lib/connections/queries";
import { decideStatus, type CheckVerdict, type RuleDecision } from "@/lib/connections/status-rule";

export type RecheckTrigger = Exclude<CheckTrigger, "wizard">;

/**
 * Whether a provider's connections have a stored credential to check. A service-user provider
 * (nothing secret is typed: the vendor's service account is invited) is verified through the
 * status API and the dashboard instead, so the health checks and re-checks skip it.
 */
export function hasCredentialCheck(provider: Pick<ProviderDefinition, "flow"> | undefined): boolean {
  return provider?.flow === "credentials";
}

export type CheckDeps = {
  runCheck: (input: { provider: ProviderId; credentials: Record<string, string>; required: ScopeId[]; optional: ScopeId[]; options: ProviderOptions; budget?: BudgetGate; trigger?: RecheckTrigger }) => Promise<CheckResult>;
  openCredentials: (db: Db, input: { workspaceId: string; connectionId: string; actor: Actor; reason: string }) => Promise<Record<string, string>>;
  /** The provider budget the check spends (lib/rate-limit.ts), shared with the wizard and the passthrough. */
  budget?: (subject: { provider: ProviderId; workspaceId: string; connection: string }) => BudgetGate;
};

async function defaultDeps(): Promise<CheckDeps> {
  const [{ runCheck }, { openCredential, revealAll }, { providerBudgetGate }] = await Promise.all([import("@/lib/providers/check"), import("@/lib/vault"), import("@/lib/rate-limit")]);
  return { runCheck, openCredentials: async (db, input) => revealAll(await openCredential(db, input)), budget: (subject) => providerBudgetGate(subject) };
}

const REASON: Record<RecheckTrigger, string> = { dashboard: "dashboard re-check", schedule: "scheduled health check", api: "re-check through the API" };

export type RecheckResult =
  | { kind: "skipped"; reason: "no_credential_check" | "not_checkable_status" | "gone"; status: ConnectionStatus | null }
  | { kind: "checked"; check: CheckResult; verdict: CheckVerdict; from: ConnectionStatus; status: ConnectionStatus; events: string[] };

/**
 * Re-check the connection `id` in `workspaceId`. Throws `not_found` when there is no such live
 * connection. Connections whose provider has no credential check, or whose status is neither active
 * nor needs_attention, are skipped (nothing is opened, nothing recorded).
 */
export async function recheck(
  id: string,
  options: { workspaceId: string; trigger: RecheckTrigger; actor: Actor; db?: Db; deps?: CheckDeps },
): Promise<RecheckResult> {
  const db = options.db ?? getDb();
  const conn = await findLiveConnection(db, options.workspaceId, id);
  if (!conn) throw new AppError("not_found", "No such connection (or it is deleted).");
  if (!hasCredentialCheck(getProvider(conn.provider))) return { kind: "skipped", reason: "no_credential_check", status: conn.status };
  if (conn.status !== "active" && conn.status !== "needs_attention") return { kind: "skipped", reason: "not_checkable_status", status: conn.status };

  const deps = options.deps ?? (await defaultDeps());
  const credentials = await deps.openCredentials(db, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: options.actor, reason: REASON[options.trigger] });
  const check = await deps.runCheck({
    provider: conn.provider as ProviderId,
    credentials,
    required: conn.requiredScopes as ScopeId[],
    optional: conn.optionalScopes as ScopeId[],
    options: (conn.providerOptions ?? {}) as ProviderOptions,
    budget: deps.budget?.({ provider: conn.provider as ProviderId, workspaceId: conn.workspaceId, connection: conn.id }),
    trigger: options.trigger,
  });

  return db.transaction(async (tx) => {
    await recordCheckRun(tx, { workspaceId: conn.workspaceId, provider: conn.provider, check, connectionId: conn.id, trigger: options.trigger });
    const current = await lockConnection(tx, conn.workspaceId, conn.id);
    if (!current) return { kind: "skipped" as const, reason: "gone" as const, status: null };
    const decision = decideStatus({ subject: "stored", from: current.status, check, previousOptionalMissing: storedOptionalMissing(current.scopeResults) });
    const now = new Date();
    if (decision.action === "apply") {
      await updateConnection(tx, current.workspaceId, current.id, {
        status: decision.status!,
        lastCheckedAt: now,
        updatedAt: now,
        ...(decision.storeScopes ? { scopeResults: storedScopeResultsOf(check) } : {}),
        ...(check.accountLabel ? { accountLabel: check.accountLabel } : {}),
      });
    }
    await applyCheckResult(tx, { connection: current, check, decision, trigger: options.trigger, actor: options.actor, audit: "connection.rechecked" });
    return { kind: "checked" as const, check, verdict: decision.verdict, from: current.status, status: decision.status ?? current.status, events: decision.events };
  });
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
