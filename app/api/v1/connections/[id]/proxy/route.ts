// POST /api/v1/connections/{id}/proxy { method, path, query, headers, body }: call the provider
// through Latchkey with the sealed credential (see lib/connections/passthrough.ts). Needs `credentials:read`.
import { apiRoute, idParams } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { proxyCall } from "@/lib/connections/passthrough";
import { proxyRequestSchema } from "@/lib/providers/passthrough";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: "credentials:read", params: idParams, body: proxyRequestSchema }, async ({ params, body, auth, ip, req }) => {
  const result = await proxyCall(getDb(), {
    workspaceId: auth!.workspace.id,
    connectionId: params.id,
    request: body,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
