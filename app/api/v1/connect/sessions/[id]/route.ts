// DELETE /api/v1/connect/sessions/{id}: withdraw a link before it is used (case 24). The wizard
// then says "Link withdrawn"; a used session cannot be withdrawn (409). Needs `sessions:write`.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { revokeConnectSession } from "@/lib/connect/session";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({ permission: "sessions:write", params: idParams }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const done = await revokeConnectSession(getDb(), {
    workspaceId: auth!.workspace.id,
    sessionId: params.id,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json({ id: done.id, revoked_at: done.revokedAt.toISOString() }, { headers: { "cache-control": "no-store" } });
});
