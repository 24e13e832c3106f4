// Per-API-key rate limits for the vendor API.
//
// Why in memory (RateLimiterMemory) and not the Postgres store: the limit protects Latchkey from a
// runaway client loop, not a billing quota, so a per-instance budget is enough (with N instances a
// key gets at most N× the budget). A Postgres store would add a write to every API request, and on
// the embedded database, which is one Postgres session (docs/platform-notes.md), those writes would queue behind
// every open transaction. Switch to RateLimiterPostgres if an exact global budget is ever needed.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export const API_RATE_LIMITS = {
  /** Every API call of a key. */
  request: { points: 600, duration: 60 },
  /** Creating connect sessions (each is a row and an audit entry). */
  session: { points: 120, duration: 60 },
} as const;

type Bucket = keyof typeof API_RATE_LIMITS;

const store = globalThis as unknown as { __latchkeyApiLimiters?: Record<Bucket, RateLimiterMemory> };

function limiter(bucket: Bucket): RateLimiterMemory {
  store.__latchkeyApiLimiters ??= {
    request: new RateLimiterMemory({ keyPrefix: "api_req", ...API_RATE_LIMITS.request }),
    session: new RateLimiterMemory({ keyPrefix: "api_session", ...API_RATE_LIMITS.session }),
  };
  return store.__latchkeyApiLimiters[bucket];
}

/** Spend one point of the key's budget; throws `rate_limited` (429 with Retry-After) when it is gone. */
export async function enforceApiRateLimit(apiKeyId: string, bucket: Bucket = "request"): Promise<void> {
  try {
    await limiter(bucket).consume(apiKeyId, 1);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      const { points, duration } = API_RATE_LIMITS[bucket];
      throw new AppError("rate_limited", `Too many requests with this API key (limit ${points} per ${duration} seconds). Retry in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    throw e;
  }
}

/** Tests only: start every budget afresh. */
export function resetApiRateLimits(): void {
  store.__latchkeyApiLimiters = undefined;
}
