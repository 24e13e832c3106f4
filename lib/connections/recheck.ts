// Re-checking a connection's stored credential, the same way for every trigger: the dashboard's
// "re-run check now", the daily health check (lib/connections/health-checks.ts) and the API. The
// credential is opened through the vault (audited with the actor and a reason) and checked OUTSIDE
// any transaction (a provider may be slow, and the embedded database is one session); then one
// short transaction records the check run, locks the row, asks the status rule (status-rule.ts)
// and applies its decision with `applyCheckResult`. Inside it only `tx` is used. No "server-only"
// marker: the health-check worker runs it in plain Node; the vault and the check engine (which
// carry the marker) are imported lazily, after lib/jobs has allowed the marker in that process.
import type { Actor } from "@/lib/audit";
import { getDb, type Db } from "@/lib/db";
import type { CheckTrigger, Connection, ConnectionStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers";
import type { BudgetGate } from "@/lib/providers/budget";
import type { CheckResult, ProviderDefinition, ProviderId, ProviderOptions, ScopeId } from "@/lib/providers/types";
import { applyCheckResult, recordCheckRun, storedOptionalMissing, storedScopeResultsOf } from "@/lib/connections/check-results";
import type { OAuthRecheck } from "@/lib/connections/oauth";
import { findLiveConnection, lockConnection, updateConnection } from "@/lib/connections/queries";
import { decideStatus, type CheckVerdict } from "@/lib/connections/status-rule";

export type RecheckTrigger = Exclude<CheckTrigger, "wizard">;

/**
 * Whether a provider's connections have a stored credential to check. A service-user provider
 * (nothing secret is typed: the vendor's service account is invited) is verified through the
 * status API and the dashboard instead, so the health checks and re-checks skip it.
 */
export function hasCredentialCheck(provider: Pick<ProviderDefinition, "flow"> | undefined, connection?: Pick<Connection, "providerState">): boolean {
  return provider?.flow === "credentials" || (connection !== undefined && isOAuthConnection(connection));
}

/** A connection linked through the OAuth route (its tokens are checked through lib/connections/oauth.ts). */
function isOAuthConnection(connection: Pick<Connection, "providerState">): boolean {
  const state = connection.providerState as { route?: unknown } | null;
  return state?.route === "oauth";
}

export type CheckDeps = {
  runCheck: (input: { provider: ProviderId; credentials: Record<string, string>; required: ScopeId[]; optional: ScopeId[]; options: ProviderOptions; budget?: BudgetGate }) => Promise<CheckResult>;
  openCredentials: (db: Db, input: { workspaceId: string; connectionId: string; actor: Actor; reason: string }) => Promise<Record<string, string>>;
  /** The check of a connection linked through OAuth (lib/connections/oauth.ts `checkOAuthConnection`). */
  checkOAuth: (db: Db, connection: Connection, input: { actor: Actor; reason: string; trigger: RecheckTrigger; required: ScopeId[]; optional: ScopeId[]; budget?: BudgetGate }) => Promise<OAuthRecheck>;
  /** The provider budget the check spends (lib/rate-limit.ts), shared with the wizard and the passthrough. */
  budget?: (subject: { provider: ProviderId; workspaceId: string; connection: string }) => BudgetGate;
};

async function defaultDeps(): Promise<CheckDeps> {
  const [{ runCheck }, { openCredential, revealAll }, { providerBudgetGate }, { checkOAuthConnection }] = await Promise.all([
    import("@/lib/providers/check"),
    import("@/lib/vault"),
    import("@/lib/rate-limit"),
    import("@/lib/connections/oauth"),
  ]);
  return { runCheck, openCredentials: async (db, input) => revealAll(await openCredential(db, input)), budget: (subject) => providerBudgetGate(subject), checkOAuth: checkOAuthConnection };
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
  if (!hasCredentialCheck(getProvider(conn.provider), conn)) return { kind: "skipped", reason: "no_credential_check", status: conn.status };
  if (conn.status !== "active" && conn.status !== "needs_attention") return { kind: "skipped", reason: "not_checkable_status", status: conn.status };

  const deps = options.deps ?? (await defaultDeps());
  const budget = deps.budget?.({ provider: conn.provider as ProviderId, workspaceId: conn.workspaceId, connection: conn.id });
  if (isOAuthConnection(conn)) {
    const got = await deps.checkOAuth(db, conn, {
      actor: options.actor,
      reason: REASON[options.trigger],
      trigger: options.trigger,
      required: conn.requiredScopes as ScopeId[],
      optional: conn.optionalScopes as ScopeId[],
      ...(budget ? { budget } : {}),
    });
    // A refused refresh was recorded and applied by the refresh itself (once, under its row lock).
    if (got.kind === "applied") return { kind: "checked", check: got.check, verdict: got.decision.verdict, from: got.from, status: got.decision.status ?? got.from, events: got.decision.events };
    return applyRecheck(db, conn, got.check, options);
  }
  const credentials = await deps.openCredentials(db, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: options.actor, reason: REASON[options.trigger] });
  const check = await deps.runCheck({
    provider: conn.provider as ProviderId,
    credentials,
    required: conn.requiredScopes as ScopeId[],
    optional: conn.optionalScopes as ScopeId[],
    options: (conn.providerOptions ?? {}) as ProviderOptions,
    budget,
  });
  return applyRecheck(db, conn, check, options);
}

/** One short transaction: record the run, lock the row, ask the status rule, apply its decision. */
async function applyRecheck(db: Db, conn: Connection, check: CheckResult, options: { trigger: RecheckTrigger; actor: Actor }): Promise<RecheckResult> {
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
