// GET /api/v1/webhook-endpoints/{id}/deliveries: every attempt, newest first (status, duration, short error).
import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getWebhookEndpoint, listWebhookDeliveries, toWebhookDeliveryDto } from "@/lib/handoff/webhooks/endpoints";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.iso.datetime().optional() });

export const GET = apiRoute({ permission: "connections:read", params: idParams, query }, async ({ params, query, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const db = getDb();
  if (!(await getWebhookEndpoint(db, auth!.workspace.id, params.id))) throw new AppError("not_found", "No such webhook endpoint in this workspace.");
  const rows = await listWebhookDeliveries(db, {
    workspaceId: auth!.workspace.id,
    endpointId: params.id,
    limit: query.limit,
    before: query.before ? new Date(query.before) : undefined,
  });
  return { data: rows.map(toWebhookDeliveryDto) };
});
