// GET/PATCH/DELETE /api/v1/webhook-endpoints/{id}.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  toWebhookEndpointDto,
  updateWebhookEndpoint,
  webhookEndpointUpdateSchema,
} from "@/lib/handoff/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "connections:read", params: idParams }, async ({ params, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const row = await getWebhookEndpoint(getDb(), auth!.workspace.id, params.id);
  if (!row) throw new AppError("not_found", "No such webhook endpoint in this workspace.");
  return toWebhookEndpointDto(row);
});

export const PATCH = apiRoute({ permission: "connections:write", params: idParams, body: webhookEndpointUpdateSchema }, async ({ params, body, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const row = await updateWebhookEndpoint(getDb(), {
    workspaceId: auth!.workspace.id,
    endpointId: params.id,
    url: body.url,
    description: body.description,
    eventTypes: body.event_types,
    enabled: body.enabled,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return toWebhookEndpointDto(row);
});

export const DELETE = apiRoute({ permission: "connections:write", params: idParams }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  await deleteWebhookEndpoint(getDb(), {
    workspaceId: auth!.workspace.id,
    endpointId: params.id,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return new Response(null, { status: 204 });
});
