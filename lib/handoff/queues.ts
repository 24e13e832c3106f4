// Queue names and job payloads of the hand-off. `connection.ready` is consumed by the vendor's sync
// backend (see examples/sync-worker); the others are Latchkey's own workers.
import { createHash } from "node:crypto";

export const CONNECTION_READY_QUEUE = "connection.ready";
export const WEBHOOK_DELIVERY_QUEUE = "webhook.deliver";
export const HEALTH_CHECK_SCHEDULE_QUEUE = "connection.health_check.schedule";
export const HEALTH_CHECK_QUEUE = "connection.health_check";

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

export type HealthCheckJob = { connectionId: string; workspaceId: string };

/**
 * A stable job id (UUID layout, version nibble 5) derived from the event and its target, so that
 * relaying the same event twice could never create a second job: pg-boss inserts with
 * ON CONFLICT DO NOTHING on (queue, id).
 */
export function deterministicJobId(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const readyEventTypes = new Set(["connection.created", "connection.updated"]);
