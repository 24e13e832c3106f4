// Provider budgets: how many requests Latchkey may send to a provider, so that it never sends one
// the provider would answer 429. Each provider declares its documented limits in its definition
// (`budget` in lib/providers/<id>/index.ts); the install adds a budget per workspace and one for
// all providers together, and PROVIDER_BUDGETS replaces a provider's rules (lib/env.ts). The
// counting is lib/rate-limit.ts's (`providerBudgetGate`), shared by every instance; the wizard's
// checks, the re-checks (dashboard, API, daily health checks) and the passthrough all spend it,
// each request before it is sent (lib/providers/http.ts asks the gate).
import { getEnv, type Env } from "@/lib/env";
import { getProvider } from "@/lib/providers/index";
import type { BudgetRule, ProviderId } from "@/lib/providers/types";

/** Authentication (token) requests, or any other request to the provider. */
export type BudgetRequestKind = "auth" | "call";

export type BudgetDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Spends one request of every budget that applies, or says how long to wait; sends nothing. */
export type BudgetGate = (kind: BudgetRequestKind) => Promise<BudgetDecision>;

export type EffectiveRule = Omit<BudgetRule, "per" | "source"> & { per: BudgetRule["per"] | "overall" };

/** Every rule a request to `id` falls under: the provider's (or their configured replacement), per workspace, overall. */
export function budgetRulesFor(id: ProviderId, env: Env = getEnv()): EffectiveRule[] {
  const declared = env.PROVIDER_BUDGETS?.[id] ?? getProvider(id)?.budget ?? [];
  return [
    ...declared.map(({ per, requests, points, durationSeconds }) => ({ per, requests, points, durationSeconds })),
    { per: "workspace", requests: "all", points: env.PROVIDER_BUDGET_WORKSPACE_PER_MINUTE, durationSeconds: 60 },
    { per: "overall", requests: "all", points: env.PROVIDER_BUDGET_OVERALL_PER_MINUTE, durationSeconds: 60 },
  ];
}

/**
 * The least time between two scheduled checks of one provider's connections so that the daily
 * health checks use at most half of an install-wide budget (the other half stays for the wizard and
 * the passthrough). A check makes one authentication and one request per scope at most.
 */
export function checkSpacingMs(id: ProviderId, env: Env = getEnv()): number {
  const definition = getProvider(id);
  if (!definition) return 0;
  const callsPerCheck = 1 + Object.keys(definition.scopes).length;
  let spacing = 0;
  for (const rule of budgetRulesFor(id, env)) {
    if (rule.per !== "provider" || rule.requests !== "all") continue;
    spacing = Math.max(spacing, Math.ceil((2 * callsPerCheck * rule.durationSeconds * 1000) / rule.points));
  }
  return spacing;
}
