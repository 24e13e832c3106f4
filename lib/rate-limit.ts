// Attempt limits for the wizard's provider checks: per connect session and per client address.
// In memory, per process: with several instances behind a balancer the effective limit is the
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

const store = globalThis as unknown as { __latchkeyCheckLimiter?: AttemptLimiter };

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
