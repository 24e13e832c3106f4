// How a check result is written down, once for every trigger: the per-scope results stored on the
// connection and in its check runs, and the check run itself (saved or not, for support's history).
import type { DbOrTx } from "@/lib/db";
import { checkRuns, type CheckTrigger, type ScopeResult } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
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

/** A check run: every check is recorded, whatever it changed (nothing, for a provider that was down). */
export async function recordCheckRun(
  db: DbOrTx,
  input: { workspaceId: string; provider: string; check: CheckResult; sessionId?: string | null; connectionId?: string | null; trigger?: CheckTrigger },
): Promise<string> {
  const id = newId("chk");
  await db.insert(checkRuns).values({
    id,
    workspaceId: input.workspaceId,
    connectionId: input.connectionId ?? null,
    sessionId: input.sessionId ?? null,
    provider: input.provider,
    trigger: input.trigger ?? "wizard",
    outcome: input.check.outcome,
    scopeResults: scopeResultsOf(input.check),
    authStatus: input.check.authStatus ?? null,
    durationMs: Math.max(0, Math.round(input.check.durationMs)),
  });
  return id;
}
