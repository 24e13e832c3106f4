// The outbox: every lifecycle event is a row written in the same transaction as the change it
// describes. A relay (lib/handoff) moves rows into pg-boss jobs and webhook deliveries.
import type { DbOrTx } from "@/lib/db";
import { events } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { listServiceUserFlows } from "@/lib/providers/flows";
import type { ProviderId } from "@/lib/providers/types";

/** The lifecycle's own event types; each provider flow adds its own (`<provider>.<what>`). */
export const coreEventTypes = [
  "connection.created",
  "connection.updated",
  "connection.check_failed",
  "connection.check_warning",
  "connection.recovered",
  "connection.deleted",
  "connection.sync_status_changed",
  "connection_flow.failed",
  "webhook_endpoint.disabled",
  "webhook_endpoint.test",
] as const;
export type EventType = (typeof coreEventTypes)[number] | `${ProviderId}.${string}`;

/** Every event type: the lifecycle's, then each service-user flow's (lib/providers/flows.ts). */
export const eventTypes: readonly [EventType, ...EventType[]] = [...coreEventTypes, ...listServiceUserFlows().flatMap((f) => f.eventTypes)];

/**
 * Never put a secret in a payload: it goes to queues, webhooks and the feed. The relay picks the
 * row up within HANDOFF_RELAY_INTERVAL_MS of the commit; call `wakeRelay()` (lib/handoff/wake.ts)
 * after the commit to relay at once.
 */
export async function emitEvent(
  tx: DbOrTx,
  input: { workspaceId: string; type: EventType; connectionId?: string | null; payload: Record<string, unknown> },
): Promise<string> {
  const id = newId("evt");
  await tx.insert(events).values({
    id,
    workspaceId: input.workspaceId,
    type: input.type,
    connectionId: input.connectionId ?? null,
    payload: input.payload,
  });
  return id;
}
