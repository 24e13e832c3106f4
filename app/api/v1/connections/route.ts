// GET /api/v1/connections: the workspace's connections, newest first, keyset-paginated.
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { listConnectionsQuerySchema } from "@/lib/connections/api-schemas";
import { toConnectionDto } from "@/lib/connections/dto";
import { getDb } from "@/lib/db";
import { listConnectionsForApi } from "@/lib/db/queries/connections-api";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "connections:read", query: listConnectionsQuerySchema }, async ({ query, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const { rows, nextCursor } = await listConnectionsForApi(getDb(), auth!.workspace.id, {
    limit: query.limit,
    cursor: query.cursor,
    status: query.status,
    provider: query.provider,
    endUserId: query.end_user_id,
  });
  return { data: rows.map((r) => toConnectionDto(r.connection, r.credential)), next_cursor: nextCursor };
});
