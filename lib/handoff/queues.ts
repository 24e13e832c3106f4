// Queue names and job payloads of the hand-off. `connection.ready` is consumed by the vendor's sync
// backend (see examples/sync-worker); `webhook.deliver` by lib/handoff/webhooks/deliver.ts. Their
// options are declared beside their workers (relay.ts, webhooks/deliver.ts) and listed in lib/jobs.
export const CONNECTION_READY_QUEUE = "connection.ready";
export const WEBHOOK_DELIVERY_QUEUE = "webhook.deliver";

/** What the sync backend receives on `connection.ready`. Never a secret. */
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

export type WebhookDeliveryJob = { eventId: string; endpointId: string; workspaceId: string };

export const readyEventTypes = new Set(["connection.created", "connection.updated"]);
