// @latchkey/node: what a vendor's backend needs from Latchkey. A typed client for the vendor API
// (openapi-fetch over types generated from Latchkey's OpenAPI document: schema.d.ts), verification
// of signed webhooks (Standard Webhooks, via `standardwebhooks`) and the payload of the
// `connection.ready` queue.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { components, paths } from "./schema";

export type { components, operations, paths } from "./schema";
export { WebhookVerificationError };

export type Connection = components["schemas"]["Connection"];
export type ConnectSession = components["schemas"]["CreateSessionResponse"];
export type LatchkeyEvent = components["schemas"]["Event"];
export type ApiError = components["schemas"]["Error"];
export type LatchkeyClient = Client<paths>;

export type LatchkeyClientOptions = {
  /** Where Latchkey runs, e.g. "https://connect.your-product.example". */
  baseUrl: string;
  /** An API key (`lk_…`) created in Latchkey's dashboard or CLI, with the permissions you call. */
  apiKey: string;
  fetch?: ClientOptions["fetch"];
  headers?: Record<string, string>;
};

/**
 * The vendor API, typed from its OpenAPI document:
 * `const { data, error } = await latchkey.POST("/api/v1/connect/sessions", { body: { end_user: { id } } })`.
 */
export function createLatchkeyClient(options: LatchkeyClientOptions): LatchkeyClient {
  if (!/^lk_/.test(options.apiKey)) throw new Error("@latchkey/node: apiKey should be a Latchkey API key (lk_…)");
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch,
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
  });
}

/**
 * Verifies a webhook from Latchkey (its `webhook-id`, `webhook-timestamp` and `webhook-signature`
 * headers, against the endpoint's `whsec_…` secret, with a five-minute tolerance) and returns the
 * event. Pass the raw body exactly as received. Throws WebhookVerificationError when it does not verify.
 */
export function verifyWebhook(secret: string, rawBody: string | Buffer, headers: Record<string, string | string[] | undefined> | Headers): LatchkeyEvent {
  const get = (name: string): string => {
    const v = headers instanceof Headers ? headers.get(name) : headers[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  return new Webhook(secret).verify(body, {
    "webhook-id": get("webhook-id"),
    "webhook-timestamp": get("webhook-timestamp"),
    "webhook-signature": get("webhook-signature"),
  }) as LatchkeyEvent;
}

/** The pg-boss queue Latchkey fills for your sync backend (schema `pgboss` of Latchkey's database). */
export const CONNECTION_READY_QUEUE = "connection.ready";

/**
 * The queue to consume: `connection.ready`, or on an install with per-workspace queues
 * (HANDOFF_QUEUE_PER_WORKSPACE=true) `connection.ready.<your workspace id>` (the `ws_…` id in
 * every job's `workspaceId`; the operator finds it with `npm run latchkey -- workspace:list`). Latchkey creates that queue
 * with your workspace's first event.
 */
export function connectionReadyQueue(workspaceId?: string | null): string {
  return workspaceId ? `${CONNECTION_READY_QUEUE}.${workspaceId}` : CONNECTION_READY_QUEUE;
}

/** A job on `connection.ready`: a connection is new or was reconnected. Never a secret. */
export type ConnectionReadyJob = {
  eventId: string;
  type: "connection.created" | "connection.updated";
  workspaceId: string;
  connectionId: string;
  provider: string | null;
  endUserId: string | null;
  grantedScopes: string[];
  occurredAt: string;
};
