// POST /api/v1/webhook-endpoints/{id}/test: send a `webhook_endpoint.test` event to this endpoint.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { sendTestEvent } from "@/lib/handoff/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: "connections:write", params: idParams }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const { eventId } = await sendTestEvent(getDb(), {
    workspaceId: auth!.workspace.id,
    endpointId: params.id,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json({ event_id: eventId }, { status: 202 });
});
