// Failed dashboard sign-ins, counted so that they cannot be turned against the account's owner:
// - per (account, client address): 5 failures in 15 minutes block that address for that account;
// - per client address: 30 failures in 15 minutes block the address for every account;
// - per account: no block (6 wrong passwords from 6 forged or rented addresses must not lock the
//   owner out), but a growing delay before each password check once 5 failures are counted,
//   capped, so a distributed guesser gains little and the owner still gets in;
// - when failures for one account come from many addresses, `recordFailedSignIn` says so once per
//   window and the caller audits `staff.sign_in_under_attack`.
// The counts live in Postgres, in the table every limit shares (rate_limits, lib/rate-limit.ts and
// lib/db/queries/rate-limits.ts), so every app instance behind a balancer shares them; the rules
// above are this file's, the counting is the one mechanism's. Every instant is the database's now().
// One upsert per count on a failed attempt and one indexed read per attempt, on the app's pool and
// never inside a transaction (docs/platform-notes.md: the embedded database is one session).
import { createHash } from "node:crypto";
import type { DbOrTx } from "@/lib/db";
import { countKey, deleteKeys, deleteKeysWithPrefix, pruneKeys, readKeys } from "@/lib/db/queries/rate-limits";

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
  return {
    account: `sign_in_account:${account}`,
    ip: `sign_in_ip:${ipHash}`,
    pair: `${PAIR}${account}.${ipHash}`,
    pairsOf: `${PAIR}${account}.`,
    addresses: `sign_in_addresses:${hash("addresses", normEmail(email))}`,
  };
}
const PAIR = "sign_in_pair:";

export type SignInGate = { blockedForSeconds: number; delayMs: number };

/** Before checking a password: seconds this address must wait (0: none), and the account's slowdown. */
export async function signInGate(db: DbOrTx, email: string, ip: string | null): Promise<SignInGate> {
  const k = keys(email, ip);
  const rows = (await readKeys(db, [k.pair, k.ip, k.account])).map((r) => ({ key: r.key, failures: r.points, seconds: r.seconds }));
  let blockedForSeconds = 0;
  let delayMs = 0;
  for (const r of rows) {
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

const count = countKey;

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
  await pruneKeys(db);
  return { underAttack: addresses === SIGN_IN_LIMITS.attack.addresses };
}

/** A successful sign-in forgets this address's failures on the account (not the address's own count: one office, many people). */
export async function forgetSignInFailures(db: DbOrTx, email: string, ip: string | null): Promise<void> {
  await deleteKeys(db, [keys(email, ip).pair]);
}

/** A new password lifts every block and slowdown on the account (the addresses' own counts stay). */
export async function clearFailedSignIns(db: DbOrTx, email: string): Promise<void> {
  const k = keys(email, null);
  await deleteKeys(db, [k.account, k.addresses]);
  await deleteKeysWithPrefix(db, k.pairsOf);
}
