// Failed dashboard sign-ins are limited per e-mail address (5) and per client address (30) in a
// 15-minute window; reaching a limit blocks that address for 15 minutes. The counts live in
// Postgres (table sign_in_attempts), so every app instance behind a balancer shares them.
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
import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { signInAttempts } from "@/lib/db/schema";

export const SIGN_IN_LIMITS = {
  email: { failures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  ip: { failures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
} as const;

type Kind = keyof typeof SIGN_IN_LIMITS;

function attemptKey(kind: Kind, value: string): string {
  return createHash("sha256").update(`${kind}:${value}`).digest("hex");
}

function keys(email: string, ip: string | null): Record<Kind, string> {
  return { email: attemptKey("email", email.trim().toLowerCase()), ip: attemptKey("ip", ip ?? "unknown") };
}

/** Seconds until another attempt is allowed, or 0 if allowed now. */
export async function signInBlockedFor(db: DbOrTx, email: string, ip: string | null): Promise<number> {
  const k = keys(email, ip);
  const rows = await db
    .select({
      key: signInAttempts.key,
      failures: signInAttempts.failures,
      seconds: sql<number>`greatest(0, ceil(extract(epoch from (${signInAttempts.windowEndsAt} - now()))))::int`,
    })
    .from(signInAttempts)
    .where(inArray(signInAttempts.key, [k.email, k.ip]));
  let wait = 0;
  for (const r of rows) {
    const limit = r.key === k.email ? SIGN_IN_LIMITS.email.failures : SIGN_IN_LIMITS.ip.failures;
    if (r.failures >= limit && r.seconds > 0) wait = Math.max(wait, r.seconds);
  }
  return wait;
}

/**
 * Count one failed attempt for the address and the client. A window that has ended starts again
 * at 1; the attempt that reaches the limit moves the window's end to now + the block time.
 */
export async function recordFailedSignIn(db: DbOrTx, email: string, ip: string | null): Promise<void> {
  const k = keys(email, ip);
  for (const kind of ["email", "ip"] as const) {
    const { failures: limit, windowSeconds, blockSeconds } = SIGN_IN_LIMITS[kind];
    const window = sql`now() + make_interval(secs => ${windowSeconds})`;
    const block = sql`now() + make_interval(secs => ${blockSeconds})`;
    const t = sql.raw(`"sign_in_attempts"`);
    await db
      .insert(signInAttempts)
      .values({ key: k[kind], failures: 1, windowEndsAt: window })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        set: {
          failures: sql`case when ${t}."window_ends_at" <= now() then 1 else ${t}."failures" + 1 end`,
          windowEndsAt: sql`case
            when ${t}."window_ends_at" <= now() then ${window}
            when ${t}."failures" + 1 = ${limit} then ${block}
            else ${t}."window_ends_at" end`,
        },
      });
  }
  // Old rows are pruned here, on the rare failed attempt, rather than by a timer in every instance.
  await db.delete(signInAttempts).where(sql`${signInAttempts.windowEndsAt} < now() - interval '1 hour'`);
}

/** A successful sign-in forgets the address's failures (not the client's: one office, many people). */
export async function clearFailedSignIns(db: DbOrTx, email: string): Promise<void> {
  await db.delete(signInAttempts).where(inArray(signInAttempts.key, [keys(email, null).email]));
}
