// Attempt limits for the wizard: provider checks per connect session and per client address,
// unknown session tokens per client address, step events per session. In memory, per process: with several instances behind a balancer the effective limit is the
// limit times the number of instances, which still stops a runaway client or a guessing script.
import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { localize } from "@/lib/i18n";
import type { Lang, Localized } from "@/lib/providers/types";

export type Limit = { points: number; durationSeconds: number };

export const CHECK_LIMITS = {
  /** One admin testing credentials: 10 checks a minute is generous for typing and fixing. */
  session: { points: 10, durationSeconds: 60 },
  /** A whole office behind one address may run several wizards at once. */
  ip: { points: 60, durationSeconds: 60 },
} satisfies Record<string, Limit>;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; by: "session" | "ip" };

export function createLimiter(name: string, limit: Limit): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.durationSeconds });
}

export type AttemptLimiter = {
  consume: (keys: { session: string; ip: string | null }) => Promise<RateLimitDecision>;
  reset: (keys: { session: string; ip: string | null }) => Promise<void>;
};

/** Both limits are charged on every attempt; the first one exhausted decides the wait. */
export function createAttemptLimiter(name: string, limits: { session: Limit; ip: Limit }): AttemptLimiter {
  const bySession = createLimiter(`${name}_session`, limits.session);
  const byIp = createLimiter(`${name}_ip`, limits.ip);
  const ipKey = (ip: string | null) => ip ?? "unknown";
  return {
    async consume({ session, ip }) {
      for (const [by, limiter, key] of [
        ["session", bySession, session],
        ["ip", byIp, ipKey(ip)],
      ] as const) {
        try {
          await limiter.consume(key);
        } catch (e) {
          if (e instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), by };
          throw e;
        }
      }
      return { allowed: true };
    },
    async reset({ session, ip }) {
      await Promise.all([bySession.delete(session), byIp.delete(ipKey(ip))]);
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

export function createBudget(name: string, limit: Limit): Budget {
  const limiter = createLimiter(name, limit);
  const k = (key: string | null) => key ?? "unknown";
  return {
    async blockedFor(key) {
      const r = await limiter.get(k(key));
      return r && r.consumedPoints >= limit.points ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
    },
    async take(key) {
      try {
        await limiter.consume(k(key));
        return true;
      } catch (e) {
        if (e instanceof RateLimiterRes) return false;
        throw e;
      }
    },
  };
}

const store = globalThis as unknown as { __latchkeyCheckLimiter?: AttemptLimiter; __latchkeyUnknownTokens?: Budget; __latchkeyStepEvents?: Budget };

/** Unknown session tokens per client address (case 25): once spent, every token is answered 429. */
export function unknownTokenBudget(): Budget {
  store.__latchkeyUnknownTokens ??= createBudget("unknown_token", UNKNOWN_TOKEN_LIMIT);
  return store.__latchkeyUnknownTokens;
}

/** Wizard step events per connect session (finding 8). */
export function stepEventBudget(): Budget {
  store.__latchkeyStepEvents ??= createBudget("step_event", STEP_EVENT_LIMIT);
  return store.__latchkeyStepEvents;
}

/** The wizard's check limiter, one per process. */
export function checkLimiter(): AttemptLimiter {
  store.__latchkeyCheckLimiter ??= createAttemptLimiter("wizard_check", CHECK_LIMITS);
  return store.__latchkeyCheckLimiter;
}

export function rateLimitMessage(retryAfterSeconds: number): Localized {
  return localize("common.rateLimited", { seconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
}

export function rateLimitText(retryAfterSeconds: number, lang: Lang): string {
  return rateLimitMessage(retryAfterSeconds)[lang];
}
