// GET/POST /api/v1/webhook-endpoints. Managing endpoints needs `connections:write` (they receive
// connection events); listing needs `connections:read`. The signing secret is in the POST answer only.
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { createWebhookEndpoint, listWebhookEndpoints, toWebhookEndpointDto, webhookEndpointInputSchema } from "@/lib/handoff/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "connections:read" }, async ({ auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const rows = await listWebhookEndpoints(getDb(), auth!.workspace.id);
  return { data: rows.map(toWebhookEndpointDto) };
});

export const POST = apiRoute({ permission: "connections:write", body: webhookEndpointInputSchema }, async ({ body, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const { endpoint, secret } = await createWebhookEndpoint(getDb(), {
    workspaceId: auth!.workspace.id,
    url: body.url,
    description: body.description,
    eventTypes: body.event_types,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json({ ...toWebhookEndpointDto(endpoint), secret }, { status: 201, headers: { "cache-control": "no-store" } });
});
