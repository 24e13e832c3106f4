// Old connect sessions are kept for support's "flow failures" view, then removed: a token hash
// opens nothing once expired, but the end user's name and e-mail need not stay for ever.
import { inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { connectSessions, oauthStates, sessionEvents } from "@/lib/db/schema";
import type { JobDefinition } from "@/lib/jobs/types";

export const SESSION_RETENTION_DAYS = 90;
export const PURGE_QUEUE = "connect_sessions.purge";

/** Delete sessions (and their funnel events) that expired more than `days` ago, in batches. */
export async function purgeExpiredSessions(db: Db, days = SESSION_RETENTION_DAYS, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: connectSessions.id })
          .from(connectSessions)
          .where(lt(connectSessions.expiresAt, sql`now() - make_interval(days => ${days})`))
          .limit(batch)
      ).map((r) => r.id);
      if (!ids.length) return 0;
      await tx.delete(sessionEvents).where(inArray(sessionEvents.sessionId, ids));
      await tx.delete(oauthStates).where(inArray(oauthStates.sessionId, ids));
      await tx.delete(connectSessions).where(inArray(connectSessions.id, ids));
      return ids.length;
    });
    total += deleted;
    if (deleted < batch) return total;
  }
}

export const purgeJob: JobDefinition = {
  queue: PURGE_QUEUE,
  schedule: { cron: "17 3 * * *" },
  work: async () => {
    const { getDb } = await import("@/lib/db");
    await purgeExpiredSessions(getDb());
  },
};
