// The event feed for backends that prefer pulling: GET /api/v1/events?after=<cursor>.
//
// Ordering: the feed pages on `relay_seq`, which the relay assigns under a lock in commit order,
// and returns relayed events only. A bigserial `seq` is not safe for a cursor: a transaction that
// commits later can hold a lower seq than one a reader has already passed, and that event would be
// skipped for good. With relay_seq, every event a reader can see has a lower number than every
// event it cannot see yet, so `after=<cursor>` never skips one. The cost: an event appears in the
// feed once relayed (normally within HANDOFF_RELAY_INTERVAL_MS of its commit).
import { and, asc, eq, gt, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db";
import { events } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { eventBody } from "@/lib/handoff/webhooks/deliver";
import { eventTypes } from "@/lib/handoff/outbox";

export const listEventsQuerySchema = z.object({
  after: z.string().max(100).optional().describe("The `next_cursor` of the previous page; omit to start at the beginning."),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  type: z.union([z.enum(eventTypes), z.array(z.enum(eventTypes))]).optional().describe("Only these event types (repeatable)."),
  connection_id: z.string().max(100).optional(),
});
export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;

export const eventDtoSchema = z
  .object({
    id: z.string().describe("Also the `webhook-id` of its webhook deliveries."),
    type: z.string(),
    timestamp: z.iso.datetime(),
    connection_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "Event" });

export function encodeCursor(relaySeq: number): string {
  return Buffer.from(`r1:${relaySeq}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const m = /^r1:(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new AppError("invalid_input", "The cursor is not valid: pass the `next_cursor` of a previous page.", { fieldErrors: { after: ["Not a cursor from this API."] } });
  return Number(m[1]);
}

export async function listEvents(db: DbOrTx, workspaceId: string, query: ListEventsQuery) {
  const after = query.after ? decodeCursor(query.after) : 0;
  const types = query.type === undefined ? undefined : Array.isArray(query.type) ? query.type : [query.type];
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        isNotNull(events.relaySeq),
        gt(events.relaySeq, after),
        types ? inArray(events.type, types) : undefined,
        query.connection_id ? eq(events.connectionId, query.connection_id) : undefined,
      ),
    )
    .orderBy(asc(events.relaySeq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  const last = page.at(-1);
  return {
    data: page.map((e) => eventBody(e)),
    // Always a cursor (the last event seen, or the one passed in): poll it again for newer events.
    next_cursor: last ? encodeCursor(last.relaySeq!) : (query.after ?? null),
    has_more: hasMore,
  };
}
