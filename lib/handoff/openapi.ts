// The hand-off's routes in the OpenAPI document (lib/api/openapi.ts collects them when this module
// is imported).
import { z } from "zod";
import { registerApiPaths } from "@/lib/api/openapi";
import { idParams } from "@/lib/api/handler";
import { errorBodySchema } from "@/lib/connect/api-schemas";
import { connectionDtoSchema } from "@/lib/connections/dto";
import { eventDtoSchema, listEventsQuerySchema } from "@/lib/handoff/feed";
import { proxyRequestSchema, proxyResponseSchema } from "@/lib/providers/passthrough";
import { statusReportSchema } from "@/lib/handoff/status";
import { getProvider } from "@/lib/providers";
import { listServiceUserFlows } from "@/lib/providers/flows";
import { webhookDeliveryDtoSchema, webhookEndpointDtoSchema, webhookEndpointInputSchema, webhookEndpointUpdateSchema } from "@/lib/handoff/webhooks/endpoints";

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { required: true, content: { "application/json": { schema } } } });

/** The status report's field of each service-user flow, e.g. "`<field>` for <provider name> connections". */
const serviceUserFields = listServiceUserFlows()
  .map((f) => `\`${f.statusField}\` for ${getProvider(f.provider)?.name ?? f.provider} connections`)
  .join("; ");

registerApiPaths((registry, { errorResponses, bearer }) => {
  const security = [{ [bearer.name]: [] }];
  const connId = z.object({ id: idParams.shape.id.describe("The connection's id, `conn_…`.") });
  const endpointId = z.object({ id: idParams.shape.id.describe("The endpoint's id, `whe_…`.") });
  const notFound = (what: string) => json(errorBodySchema, `\`not_found\`: no such ${what} in your workspace.`);
  const withSecret = webhookEndpointDtoSchema.extend({ secret: z.string().describe("The signing secret (`whsec_…`), shown this once.") });

  registry.registerPath({
    method: "get",
    path: "/api/v1/events",
    operationId: "listEvents",
    tags: ["Events"],
    summary: "List events (the feed)",
    description:
      "Your workspace's events in commit order. Start without `after`, then pass `next_cursor` each time; an empty page keeps " +
      "the same cursor, so poll it for newer events. An event appears here once the outbox relay has published it (normally " +
      "well under a second after its commit), which is what makes the order safe: no later page can contain an event that " +
      "committed before one you have already seen. The `id` equals the `webhook-id` of its webhook deliveries. Needs `connections:read`.",
    security,
    request: { query: listEventsQuerySchema },
    responses: {
      200: json(z.object({ data: z.array(eventDtoSchema), next_cursor: z.string().nullable(), has_more: z.boolean() }), "A page of events."),
      ...errorResponses,
    },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/connections/{id}/credentials",
    operationId: "getConnectionCredentials",
    tags: ["Credentials"],
    summary: "Read a connection's credentials",
    description: "The plaintext credential fields. Every read is audited. Prefer the passthrough, which never hands out the secret. Needs `credentials:read`.",
    security,
    request: { params: connId },
    responses: {
      200: json(z.object({ connection_id: z.string(), provider: z.string(), credentials: z.record(z.string(), z.string()) }), "The credential."),
      404: notFound("connection"),
      ...errorResponses,
    },
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/connections/{id}/proxy",
    operationId: "proxyConnectionRequest",
    tags: ["Credentials"],
    summary: "Call the provider through Latchkey (passthrough)",
    description:
      "Latchkey authenticates to the provider with the sealed credential and forwards the call to the provider's configured " +
      "base URL. You choose the path only (no `//`, `@`, scheme, `..` or encoded variants); Authorization, Cookie and hop-by-hop " +
      "headers are dropped. Audited and rate limited per connection (PROXY_RATE_LIMIT_PER_MINUTE). Needs `credentials:read`.",
    security,
    request: { params: connId, ...body(proxyRequestSchema) },
    responses: { 200: json(proxyResponseSchema, "The provider's answer."), 404: notFound("connection"), ...errorResponses },
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/connections/{id}/status",
    operationId: "reportConnectionStatus",
    tags: ["Connections"],
    summary: "Report sync status (and a service user's progress)",
    description:
      "`syncing`, `healthy` or `error` with a message, shown to support staff; for a provider whose customers invite a service " +
      `user, that user's progress in the provider's own field (${serviceUserFields}). Each change emits an event. Needs \`connections:write\`.`,
    security,
    request: { params: connId, ...body(statusReportSchema) },
    responses: { 200: json(connectionDtoSchema, "The connection after the report."), 404: notFound("connection"), ...errorResponses },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/webhook-endpoints",
    operationId: "listWebhookEndpoints",
    tags: ["Webhooks"],
    summary: "List webhook endpoints",
    description: "Needs `connections:read`.",
    security,
    responses: { 200: json(z.object({ data: z.array(webhookEndpointDtoSchema) }), "The endpoints."), ...errorResponses },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/webhook-endpoints",
    operationId: "createWebhookEndpoint",
    tags: ["Webhooks"],
    summary: "Create a webhook endpoint",
    description:
      "Events are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret returned " +
      "here once. Failed deliveries are retried with exponential backoff and jitter for about a day; an endpoint that keeps " +
      "failing is disabled with a `webhook_endpoint.disabled` event. http(s) only; private addresses are refused unless the " +
      "server allows them. Needs `connections:write`.",
    security,
    request: body(webhookEndpointInputSchema),
    responses: { 201: json(withSecret, "The endpoint and its signing secret."), ...errorResponses },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/v1/webhook-endpoints/{id}",
    operationId: "updateWebhookEndpoint",
    tags: ["Webhooks"],
    summary: "Update or re-enable a webhook endpoint",
    description: "Needs `connections:write`.",
    security,
    request: { params: endpointId, ...body(webhookEndpointUpdateSchema) },
    responses: { 200: json(webhookEndpointDtoSchema, "The endpoint."), 404: notFound("endpoint"), ...errorResponses },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/v1/webhook-endpoints/{id}",
    operationId: "deleteWebhookEndpoint",
    tags: ["Webhooks"],
    summary: "Delete a webhook endpoint",
    description: "Needs `connections:write`.",
    security,
    request: { params: endpointId },
    responses: { 204: { description: "Deleted." }, 404: notFound("endpoint"), ...errorResponses },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/webhook-endpoints/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    tags: ["Webhooks"],
    summary: "Rotate the signing secret",
    description: "A new secret, shown once; the previous one keeps signing too until `overlap_hours` (default 24) have passed. Needs `connections:write`.",
    security,
    request: { params: endpointId, ...body(z.object({ overlap_hours: z.number().min(0).max(168).optional() })) },
    responses: { 200: json(withSecret, "The endpoint and its new secret."), 404: notFound("endpoint"), ...errorResponses },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/webhook-endpoints/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    tags: ["Webhooks"],
    summary: "List delivery attempts",
    description: "Every attempt, newest first: status code, duration and a short error (never the receiver's body). Needs `connections:read`.",
    security,
    request: { params: endpointId, query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), before: z.iso.datetime().optional() }) },
    responses: { 200: json(z.object({ data: z.array(webhookDeliveryDtoSchema) }), "Attempts."), 404: notFound("endpoint"), ...errorResponses },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/webhook-endpoints/{id}/test",
    operationId: "sendWebhookTestEvent",
    tags: ["Webhooks"],
    summary: "Send a test event",
    description: "Sends a `webhook_endpoint.test` event to this endpoint only. Needs `connections:write`.",
    security,
    request: { params: endpointId },
    responses: { 202: json(z.object({ event_id: z.string() }), "Queued."), 404: notFound("endpoint"), ...errorResponses },
  });
});
