// Queue names and job payloads of the hand-off. `connection.ready` is consumed by the vendor's sync
// backend (see examples/sync-worker); `webhook.deliver` by lib/handoff/webhooks/deliver.ts. Their
// options are declared beside their workers (relay.ts, webhooks/deliver.ts) and listed in lib/jobs.
export const CONNECTION_READY_QUEUE = "connection.ready";

/**
 * The queue a workspace's `connection.ready` jobs go to: the shared `connection.ready`, or with
 * HANDOFF_QUEUE_PER_WORKSPACE on, `connection.ready.<workspace id>`, so that each vendor's sync
 * backend consumes only its own workspace's jobs. @latchkey/node's `connectionReadyQueue` is the
 * same rule for the consumer (packages/node/src/schema.test.ts holds them equal).
 */
export function connectionReadyQueue(workspaceId: string | null): string {
  return workspaceId ? `${CONNECTION_READY_QUEUE}.${workspaceId}` : CONNECTION_READY_QUEUE;
}

/** A queue's family: a per-workspace `connection.ready.<id>` is `connection.ready`; others are themselves. */
export function familyOfQueue(name: string): string {
  return name.startsWith(`${CONNECTION_READY_QUEUE}.`) ? CONNECTION_READY_QUEUE : name;
}
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
