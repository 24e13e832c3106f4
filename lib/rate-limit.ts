// Every limit of Latchkey, on one mechanism: fixed-window counters in Postgres (table rate_limits,
// queries in lib/db/queries/rate-limits.ts), so every app instance and worker on one database shares
// them; a second instance changes no limit's meaning. Works the same on the embedded database.
//
// The limits: the wizard's provider checks per connect session and per client address, unknown
// session tokens per client address, step events per session (here); the vendor API per key
// (lib/api/rate-limit.ts), the passthrough per connection (lib/connections/passthrough.ts) and the
// provider budgets (`providerBudgetGate` below, declared in lib/providers/budget.ts). Dashboard
// sign-ins have their own rules (lib/auth/rate-limit.ts: failures only, blocks, a slowdown) on the
// same table and queries.
//
// Why a table of our own and not rate-limiter-flexible's stores (tried, docs/platform-notes.md):
// - RateLimiterPostgres runs named prepared statements ("<table>:rlflx-upsert") on its own pool
//   clients. The embedded database is one Postgres session, so the second pool client that
//   prepares the same name fails with "prepared statement … already exists" (11 of 20 concurrent
//   consumes failed). It also creates its table with DDL at run time, outside our migrations.
// - RateLimiterDrizzle loads drizzle-orm through import() of a computed name, which the Next.js
//   bundler cannot see: a second copy of drizzle would be loaded at run time beside the bundled one.
// - Both take "now" from each instance's clock; here every instant is the database's now(), so
//   instances with skewed clocks still agree on when a window ends.
// Every statement runs on the app's pool, never inside a transaction (docs/platform-notes.md). A
// refused charge spends nothing; a charge over several keys is all or nothing.
import "server-only";
import { createHash } from "node:crypto";
import { getDb, type DbOrTx } from "@/lib/db";
import { chargeKeys, deleteKeys, deleteKeysWithPrefix, pruneKeys, readKeys, refundKeys, type Charge } from "@/lib/db/queries/rate-limits";
import { localize } from "@/lib/i18n";
import { metrics } from "@/lib/metrics/registry";
import { openCounters } from "@/lib/db/queries/metrics";
import { budgetRulesFor, type BudgetGate, type BudgetRequestKind } from "@/lib/providers/budget";
import { listProviders } from "@/lib/providers/index";
import type { Lang, Localized, ProviderId } from "@/lib/providers/types";

export type Limit = { points: number; durationSeconds: number };

/** A database handle, resolved when a limit is used (importing this module needs no database). */
type DbSource = () => DbOrTx;
const appDb: DbSource = () => getDb();

/** Subjects are hashed: the table never becomes a list of client addresses or session ids. */
export function limitKey(name: string, subject: string | null): string {
  return `${name}:${createHash("sha256").update(subject ?? "unknown").digest("base64url").slice(0, 32)}`;
}

export type LimitCharge = { key: string; limit: Limit; cost?: number };
export type SpendResult = { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

/** One prune in this many charges, by whichever instance happens to charge. */
const PRUNE_EVERY = 500;

/**
 * Spend `cost` (default 1) of every charge's limit, all or nothing. Refused: the key that refused
 * and the seconds until its window ends.
 */
export async function spend(charges: LimitCharge[], db: DbOrTx = appDb()): Promise<SpendResult> {
  const merged = new Map<string, Charge>();
  for (const c of charges) {
    const prev = merged.get(c.key);
    const cost = (prev?.cost ?? 0) + (c.cost ?? 1);
    merged.set(c.key, { key: c.key, cost, max: Math.min(prev?.max ?? Infinity, c.limit.points), windowSeconds: Math.max(prev?.windowSeconds ?? 0, c.limit.durationSeconds) });
  }
  const list = [...merged.values()];
  const impossible = list.find((c) => c.cost > c.max);
  if (impossible) return { allowed: false, retryAfterSeconds: impossible.windowSeconds, key: impossible.key };
  if (Math.random() * PRUNE_EVERY < 1) await pruneKeys(db);
  const charged = await chargeKeys(db, list);
  if (charged.size === list.length) return { allowed: true };
  await refundKeys(db, list.filter((c) => charged.has(c.key)));
  const refused = list.filter((c) => !charged.has(c.key));
  const states = await readKeys(db, refused.map((c) => c.key));
  // A window that ended between the two statements: the caller may retry at once, so 1 s.
  const worst = states.reduce<{ key: string; seconds: number } | undefined>((w, s) => (!w || s.seconds > w.seconds ? s : w), undefined);
  return { allowed: false, retryAfterSeconds: worst?.seconds ?? 1, key: worst?.key ?? refused[0]!.key };
}

/** Seconds until every key has room for `cost` again; 0 if it has now. Spends nothing. */
export async function waitFor(charges: LimitCharge[], db: DbOrTx = appDb()): Promise<number> {
  const states = await readKeys(db, charges.map((c) => c.key));
  let wait = 0;
  for (const s of states) {
    const c = charges.find((x) => x.key === s.key)!;
    if (s.points + (c.cost ?? 1) > c.limit.points) wait = Math.max(wait, s.seconds);
  }
  return wait;
}

export async function forget(keys: string[], db: DbOrTx = appDb()): Promise<void> {
  await deleteKeys(db, keys);
}

/** Tests and operators: start every counter under `name` afresh. */
export async function forgetAll(name: string, db: DbOrTx = appDb()): Promise<void> {
  await deleteKeysWithPrefix(db, `${name}:`);
}

export const CHECK_LIMITS = {
  /** One admin testing credentials: 10 checks a minute is generous for typing and fixing. */
  session: { points: 10, durationSeconds: 60 },
  /** A whole office behind one address may run several wizards at once. */
  ip: { points: 60, durationSeconds: 60 },
  /**
   * One vendor's customers together (case 34): many sessions from many addresses guessing for one
   * workspace stop here; 300 a minute is far above any onboarding wave.
   */
  workspace: { points: 300, durationSeconds: 60 },
} satisfies Record<string, Limit>;

export type RateLimitDecision<K extends string = string> = { allowed: true } | { allowed: false; retryAfterSeconds: number; by: K };

export type AttemptLimiter<K extends string = "session" | "ip"> = {
  consume: (keys: Record<K, string | null>) => Promise<RateLimitDecision<K>>;
  reset: (keys: Record<K, string | null>) => Promise<void>;
};

/** Every limit is charged on every attempt (all or nothing); the one exhausted decides the wait. */
export function createAttemptLimiter<K extends string>(name: string, limits: Record<K, Limit>, db: DbSource = appDb): AttemptLimiter<K> {
  const names = Object.keys(limits) as K[];
  const keys = (subject: Record<K, string | null>) => names.map((k) => ({ by: k, key: limitKey(`${name}_${k}`, subject[k]), limit: limits[k] }));
  return {
    async consume(subject) {
      const charges = keys(subject);
      const r = await spend(charges, db());
      return r.allowed ? r : { allowed: false, retryAfterSeconds: r.retryAfterSeconds, by: charges.find((c) => c.key === r.key)!.by };
    },
    async reset(subject) {
      await forget(
        keys(subject).map((c) => c.key),
        db(),
      );
    },
  };
}

/** Guesses: a real wizard never opens an unknown token, a typo'd link a handful of times. */
export const UNKNOWN_TOKEN_LIMIT: Limit = { points: 30, durationSeconds: 60 };
/** Funnel events a session may write: one per screen, so a minute of them is far beyond a person. */
export const STEP_EVENT_LIMIT: Limit = { points: 60, durationSeconds: 60 };

/** A budget spent only by some requests (e.g. failures) but checked before every one. */
export type Budget = {
  /** Seconds until the key may be served again; 0 if it may now. */
  blockedFor: (key: string | null) => Promise<number>;
  /** Spend one point; false once the budget is spent. */
  take: (key: string | null) => Promise<boolean>;
};

export function createBudget(name: string, limit: Limit, db: DbSource = appDb): Budget {
  return {
    async blockedFor(key) {
      return waitFor([{ key: limitKey(name, key), limit }], db());
    },
    async take(key) {
      return (await spend([{ key: limitKey(name, key), limit }], db())).allowed;
    },
  };
}

/** Unknown session tokens per client address (case 25): once spent, every token is answered 429. */
export function unknownTokenBudget(): Budget {
  return createBudget("unknown_token", UNKNOWN_TOKEN_LIMIT);
}

/** Wizard step events per connect session (finding 8). */
export function stepEventBudget(): Budget {
  return createBudget("step_event", STEP_EVENT_LIMIT);
}

/** The wizard's check limiter: per session, client address and workspace. */
export function checkLimiter(): AttemptLimiter<keyof typeof CHECK_LIMITS> {
  return createAttemptLimiter("wizard_check", CHECK_LIMITS);
}

/** Audit rows for refused wizard checks (case 34): one per limit and subject a minute, so a flood writes few. */
export function checkLimitAuditBudget(): Budget {
  return createBudget("wizard_check_audit", { points: 1, durationSeconds: 60 });
}

/**
 * The provider budget for the calls of one check or passthrough (lib/providers/budget.ts says what
 * each provider allows): every request to the provider spends one point of each rule it falls
 * under (per provider, per workspace, per connection, overall) before it is sent; a request the
 * provider would answer 429 is never sent, and the caller learns how long to wait.
 * `connection`: the connection's id, or for a wizard check that has none yet, its session's.
 */
export function providerBudgetGate(subject: { provider: ProviderId; workspaceId: string; connection: string }, db: DbSource = appDb): BudgetGate {
  return async (kind: BudgetRequestKind) => {
    // Two rules on one counter (a declared per-workspace rule and the configured one): the lower limit, one point.
    const charges = new Map<string, LimitCharge>();
    for (const rule of budgetRulesFor(subject.provider)) {
      if (rule.requests !== "all" && rule.requests !== kind) continue;
      const subjectOf = { overall: "", provider: subject.provider, workspace: `${subject.provider}:${subject.workspaceId}`, connection: `${subject.provider}:${subject.connection}` }[rule.per];
      const key = limitKey(`provider_budget_${rule.per}_${rule.requests}_${rule.durationSeconds}`, subjectOf);
      const prev = charges.get(key);
      if (!prev || prev.limit.points > rule.points) charges.set(key, { key, limit: { points: rule.points, durationSeconds: rule.durationSeconds } });
    }
    if (!charges.size) return { ok: true };
    const r = await spend([...charges.values()], db());
    metrics().budgetRequests.inc({ provider: subject.provider, kind, result: r.allowed ? "allowed" : "refused" });
    return r.allowed ? { ok: true } : { ok: false, retryAfterSeconds: r.retryAfterSeconds };
  };
}

export type BudgetUse = { provider: string; per: string; requests: string; ratio: number };

/**
 * How much of each provider budget is spent in its current window, for the metrics: per provider
 * and overall, each budget; per workspace and per connection (counters keyed by a hash that names
 * no provider), the most used one. A budget with nothing spent in an open window is absent.
 */
export async function providerBudgetUse(db: DbOrTx = appDb()): Promise<BudgetUse[]> {
  const prefix = "provider_budget_";
  const counters = await openCounters(db, prefix);
  const providerOf = new Map<string, string>();
  const out = new Map<string, BudgetUse>();
  for (const c of counters) {
    const name = c.key.slice(0, c.key.indexOf(":"));
    const m = /^provider_budget_(provider|workspace|connection|overall)_(all|auth)_\d+$/.exec(name);
    if (!m || c.max <= 0) continue;
    const [, per, requests] = m as unknown as [string, string, string];
    let provider = "";
    if (per === "provider") {
      if (!providerOf.size) for (const p of listProviders()) for (const r of ["all", "auth"]) for (const rule of budgetRulesFor(p.id)) providerOf.set(limitKey(`provider_budget_provider_${r}_${rule.durationSeconds}`, p.id), p.id);
      provider = providerOf.get(c.key) ?? "";
      if (!provider) continue;
    }
    const id = `${provider}|${per}|${requests}`;
    const ratio = Math.min(1, c.points / c.max);
    if ((out.get(id)?.ratio ?? -1) < ratio) out.set(id, { provider, per, requests, ratio });
  }
  return [...out.values()];
}

export function rateLimitMessage(retryAfterSeconds: number): Localized {
  return localize("common.rateLimited", { seconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
}

export function rateLimitText(retryAfterSeconds: number, lang: Lang): string {
  return rateLimitMessage(retryAfterSeconds)[lang];
}
