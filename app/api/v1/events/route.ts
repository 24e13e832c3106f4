// GET /api/v1/events?after=<cursor>&limit=: the workspace's events in commit order (see lib/handoff/feed.ts).
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { listEvents, listEventsQuerySchema } from "@/lib/handoff/feed";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "connections:read", query: listEventsQuerySchema }, async ({ query, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  return listEvents(getDb(), auth!.workspace.id, query);
});
