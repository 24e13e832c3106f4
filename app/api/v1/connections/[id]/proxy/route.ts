// POST /api/v1/connections/{id}/proxy { method, path, query, headers, body }: call the provider
// through Latchkey with the sealed credential (see lib/connections/passthrough.ts). GET and HEAD
// need `credentials:read`, every other method `proxy:write` (lib/providers/passthrough.ts).
import { apiRoute, idParams, requirePermission } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { proxyCall } from "@/lib/connections/passthrough";
import { proxyPermission, proxyRequestSchema } from "@/lib/providers/passthrough";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: ["credentials:read", "proxy:write"], params: idParams, body: proxyRequestSchema }, async ({ params, body, auth, ip, req }) => {
  requirePermission(auth!, proxyPermission(body.method));
  const result = await proxyCall(getDb(), {
    workspaceId: auth!.workspace.id,
    connectionId: params.id,
    request: body,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
