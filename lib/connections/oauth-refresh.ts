// The token-refresh worker: every ten minutes, each OAuth connection whose access token expires
// within the margin (lib/connections/oauth.ts, REFRESH_MARGIN_SECONDS) is refreshed under its row
// lock. Any number of instances may run this: the lock and the expiry each saw keep a refresh token
// from being spent twice. Listed in lib/jobs/index.ts.
import { getDb, type Db } from "@/lib/db";
import { getLogger } from "@/lib/log";
import type { JobDefinition } from "@/lib/jobs/types";
import type { RefreshResult } from "@/lib/connections/oauth";

export const OAUTH_REFRESH_QUEUE = "oauth.refresh";

export async function refreshDueTokens(db: Db = getDb(), now = new Date()): Promise<Record<RefreshResult, number>> {
  // Loaded on first use: the launcher imports the job list before it lets "server-only" modules load
  // (lib/jobs/node-server-only.ts), and lib/connections/oauth.ts carries that marker.
  const { connectionsDueForRefresh, refreshConnectionTokens } = await import("@/lib/connections/oauth");
  const tally: Record<RefreshResult, number> = { refreshed: 0, fresh: 0, revoked: 0, failed: 0, skipped: 0 };
  for (const c of await connectionsDueForRefresh(db, now)) {
    try {
      tally[await refreshConnectionTokens(db, { workspaceId: c.workspaceId, connectionId: c.id, seenExpiresAt: c.expiresAt })]++;
    } catch (err) {
      tally.failed++;
      getLogger().error({ connectionId: c.id, err: err instanceof Error ? { name: err.name } : undefined }, "oauth: token refresh crashed");
    }
  }
  return tally;
}

export const oauthRefreshJob: JobDefinition = {
  queue: OAUTH_REFRESH_QUEUE,
  options: { retryLimit: 0, expireInSeconds: 600 },
  schedule: { cron: "*/10 * * * *", options: { tz: "UTC" } },
  work: async () => {
    const tally = await refreshDueTokens();
    if (tally.refreshed || tally.revoked || tally.failed) getLogger().info({ part: "oauth-refresh", ...tally }, "oauth tokens refreshed");
  },
};
