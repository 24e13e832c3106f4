// Per-API-key rate limits for the vendor API, on the shared counters of lib/rate-limit.ts: every
// instance behind a balancer spends the same budget, so a key gets exactly the limit below however
// many instances serve it. One upsert per request on the app's pool (never inside a transaction).
import type { DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { forgetAll, limitKey, spend } from "@/lib/rate-limit";

export const API_RATE_LIMITS = {
  /** Every API call of a key. */
  request: { points: 600, duration: 60 },
  /** Creating connect sessions (each is a row and an audit entry). */
  session: { points: 120, duration: 60 },
} as const;

type Bucket = keyof typeof API_RATE_LIMITS;

const NAME: Record<Bucket, string> = { request: "api_req", session: "api_session" };

/** Spend one point of the key's budget; throws `rate_limited` (429 with Retry-After) when it is gone. */
export async function enforceApiRateLimit(apiKeyId: string, bucket: Bucket = "request", db?: DbOrTx): Promise<void> {
  const { points, duration } = API_RATE_LIMITS[bucket];
  const r = await spend([{ key: limitKey(NAME[bucket], apiKeyId), limit: { points, durationSeconds: duration } }], db);
  if (!r.allowed) {
    const seconds = r.retryAfterSeconds;
    throw new AppError("rate_limited", `Too many requests with this API key (limit ${points} per ${duration} seconds). Retry in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}

/** Tests only: start every key's budget afresh. */
export async function resetApiRateLimits(db?: DbOrTx): Promise<void> {
  await Promise.all(Object.values(NAME).map((name) => forgetAll(name, db)));
}
