// POST /api/v1/webhook-endpoints/{id}/rotate-secret { overlap_hours? }: a new signing secret, shown
// once; the old one keeps signing alongside it until the overlap ends (default 24 hours).
import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { rotateWebhookSecret, toWebhookEndpointDto } from "@/lib/handoff/webhooks/endpoints";

export const dynamic = "force-dynamic";

const body = z.object({ overlap_hours: z.number().min(0).max(168).optional() });

export const POST = apiRoute({ permission: "connections:write", params: idParams, body }, async ({ params, body, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const { endpoint, secret } = await rotateWebhookSecret(getDb(), {
    workspaceId: auth!.workspace.id,
    endpointId: params.id,
    overlapHours: body.overlap_hours,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json({ ...toWebhookEndpointDto(endpoint), secret }, { headers: { "cache-control": "no-store" } });
});
