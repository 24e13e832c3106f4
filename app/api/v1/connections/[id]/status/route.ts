// POST /api/v1/connections/{id}/status: the sync backend reports syncing | healthy | error (and,
// for a service-user flow, the verification result). Needs `connections:write`. Answers the connection.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { toConnectionDto } from "@/lib/connections/dto";
import { getDb } from "@/lib/db";
import { getConnectionForApi } from "@/lib/db/queries/connections-api";
import { AppError } from "@/lib/errors";
import { reportStatus, statusReportSchema } from "@/lib/handoff/status";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: "connections:write", params: idParams, body: statusReportSchema }, async ({ params, body, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const db = getDb();
  await reportStatus(db, {
    workspaceId: auth!.workspace.id,
    connectionId: params.id,
    report: body,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  const row = await getConnectionForApi(db, auth!.workspace.id, params.id);
  if (!row) throw new AppError("not_found", "No such connection in this workspace.");
  return toConnectionDto(row.connection, row.credential);
});
