// Failed dashboard sign-ins, counted so that they cannot be turned against the account's owner:
// - per (account, client address): 5 failures in 15 minutes block that address for that account;
// - per client address: 30 failures in 15 minutes block the address for every account;
// - per account: no block (6 wrong passwords from 6 forged or rented addresses must not lock the
//   owner out), but a growing delay before each password check once 5 failures are counted,
//   capped, so a distributed guesser gains little and the owner still gets in;
// - when failures for one account come from many addresses, `recordFailedSignIn` says so once per
//   window and the caller audits `staff.sign_in_under_attack`.
// The counts live in Postgres (table sign_in_attempts), so every app instance behind a balancer shares them.
//
// Why a table of our own and not rate-limiter-flexible's stores (tried here, docs/platform-notes.md):
// - RateLimiterPostgres runs named prepared statements ("<table>:rlflx-upsert") on its own pool
//   clients. The embedded database is one Postgres session, so the second pool client that
//   prepares the same name fails with "prepared statement … already exists" (11 of 20 concurrent
//   consumes failed). It also creates its table with DDL at run time, outside our migrations.
// - RateLimiterDrizzle loads drizzle-orm through import() of a computed name, which the Next.js
//   bundler cannot see: a second copy of drizzle would be loaded at run time beside the bundled one.
// - Both take "now" from each instance's clock; here every instant is the database's now(), so
//   instances with skewed clocks still agree on when a block ends.
// One upsert per failed attempt and one indexed read per attempt, on the app's pool and never inside
// a transaction (docs/platform-notes.md: the embedded database is one session).
import { createHash } from "node:crypto";
import { eq, inArray, like, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { signInAttempts } from "@/lib/db/schema";

export const SIGN_IN_LIMITS = {
  pair: { failures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  ip: { failures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  account: { windowSeconds: 15 * 60, slowAfter: 5, baseDelayMs: 500, maxDelayMs: 8000 },
  /** Distinct client addresses failing on one account within the account's window. */
  attack: { addresses: 5 },
} as const;

const hash = (kind: string, value: string) => createHash("sha256").update(`${kind}:${value}`).digest("hex");
const normEmail = (email: string) => email.trim().toLowerCase();

/** Only hashes are stored. A pair's key starts with its account's, so a reset can find them all. */
function keys(email: string, ip: string | null) {
  const account = hash("email", normEmail(email));
  const ipHash = hash("ip", ip ?? "unknown");
  return { account, ip: ipHash, pair: `${account}.${ipHash}`, addresses: hash("addresses", normEmail(email)) };
}

export type SignInGate = { blockedForSeconds: number; delayMs: number };

/** Before checking a password: seconds this address must wait (0: none), and the account's slowdown. */
export async function signInGate(db: DbOrTx, email: string, ip: string | null): Promise<SignInGate> {
  const k = keys(email, ip);
  const rows = await db
    .select({
      key: signInAttempts.key,
      failures: signInAttempts.failures,
      seconds: sql<number>`greatest(0, ceil(extract(epoch from (${signInAttempts.windowEndsAt} - now()))))::int`,
    })
    .from(signInAttempts)
    .where(inArray(signInAttempts.key, [k.pair, k.ip, k.account]));
  let blockedForSeconds = 0;
  let delayMs = 0;
  for (const r of rows) {
    if (r.seconds <= 0) continue;
    if (r.key === k.account) {
      const { slowAfter, baseDelayMs, maxDelayMs } = SIGN_IN_LIMITS.account;
      if (r.failures >= slowAfter) delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(16, r.failures - slowAfter + 1));
      continue;
    }
    const limit = r.key === k.pair ? SIGN_IN_LIMITS.pair.failures : SIGN_IN_LIMITS.ip.failures;
    if (r.failures >= limit) blockedForSeconds = Math.max(blockedForSeconds, r.seconds);
  }
  return { blockedForSeconds, delayMs };
}

/** Seconds until this address may try this account again, or 0 if allowed now. */
export async function signInBlockedFor(db: DbOrTx, email: string, ip: string | null): Promise<number> {
  return (await signInGate(db, email, ip)).blockedForSeconds;
}

/**
 * One atomic upsert: a window that has ended starts again at 1; the attempt that reaches `limit`
 * (if any) moves the window's end to now + the block time. Returns the count after this attempt.
 */
async function count(db: DbOrTx, key: string, windowSeconds: number, block?: { limit: number; seconds: number }): Promise<number> {
  const window = sql`now() + make_interval(secs => ${windowSeconds})`;
  const t = sql.raw(`"sign_in_attempts"`);
  const end = block
    ? sql`case
        when ${t}."window_ends_at" <= now() then ${window}
        when ${t}."failures" + 1 = ${block.limit} then now() + make_interval(secs => ${block.seconds})
        else ${t}."window_ends_at" end`
    : sql`case when ${t}."window_ends_at" <= now() then ${window} else ${t}."window_ends_at" end`;
  const [row] = await db
    .insert(signInAttempts)
    .values({ key, failures: 1, windowEndsAt: window })
    .onConflictDoUpdate({
      target: signInAttempts.key,
      set: { failures: sql`case when ${t}."window_ends_at" <= now() then 1 else ${t}."failures" + 1 end`, windowEndsAt: end },
    })
    .returning({ failures: signInAttempts.failures });
  return row?.failures ?? 1;
}

/**
 * Count one failed attempt. `underAttack` is true exactly once per window: on the failure that
 * brings the number of distinct addresses failing on this account to SIGN_IN_LIMITS.attack.addresses.
 */
export async function recordFailedSignIn(db: DbOrTx, email: string, ip: string | null): Promise<{ underAttack: boolean }> {
  const k = keys(email, ip);
  const { pair, ip: byIp, account } = SIGN_IN_LIMITS;
  const pairCount = await count(db, k.pair, pair.windowSeconds, { limit: pair.failures, seconds: pair.blockSeconds });
  await count(db, k.ip, byIp.windowSeconds, { limit: byIp.failures, seconds: byIp.blockSeconds });
  await count(db, k.account, account.windowSeconds);
  // A pair seen for the first time in its window is a new address for this account.
  const addresses = pairCount === 1 ? await count(db, k.addresses, account.windowSeconds) : 0;
  // Old rows are pruned here, on the rare failed attempt, rather than by a timer in every instance.
  await db.delete(signInAttempts).where(sql`${signInAttempts.windowEndsAt} < now() - interval '1 hour'`);
  return { underAttack: addresses === SIGN_IN_LIMITS.attack.addresses };
}

/** A successful sign-in forgets this address's failures on the account (not the address's own count: one office, many people). */
export async function forgetSignInFailures(db: DbOrTx, email: string, ip: string | null): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.key, keys(email, ip).pair));
}

/** A new password lifts every block and slowdown on the account (the addresses' own counts stay). */
export async function clearFailedSignIns(db: DbOrTx, email: string): Promise<void> {
  const k = keys(email, null);
  await db
    .delete(signInAttempts)
    .where(or(inArray(signInAttempts.key, [k.account, k.addresses]), like(signInAttempts.key, `${k.account}.%`)));
}
