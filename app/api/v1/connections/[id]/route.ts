// GET and DELETE /api/v1/connections/{id}: one connection of the caller's workspace.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { deleteConnection } from "@/lib/connections/delete";
import { toConnectionDto } from "@/lib/connections/dto";
import { getDb } from "@/lib/db";
import { getConnectionForApi } from "@/lib/db/queries/connections-api";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Another workspace's connection answers exactly like a missing one: no existence oracle.
const notFound = () => new AppError("not_found", "No such connection in this workspace.");

export const GET = apiRoute({ permission: "connections:read", params: idParams }, async ({ params, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const row = await getConnectionForApi(getDb(), auth!.workspace.id, params.id);
  if (!row) throw notFound();
  return toConnectionDto(row.connection, row.credential);
});

export const DELETE = apiRoute({ permission: "connections:write", params: idParams }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const db = getDb();
  await deleteConnection(db, {
    workspaceId: auth!.workspace.id,
    connectionId: params.id,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  const row = await getConnectionForApi(db, auth!.workspace.id, params.id);
  if (!row) throw notFound();
  return toConnectionDto(row.connection, row.credential);
});
