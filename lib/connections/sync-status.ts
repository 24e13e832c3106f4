// The sync backend's own status of a connection (syncing | healthy | error, with a message), as
// reported through POST /api/v1/connections/{id}/status (lib/handoff/status.ts). A change is an
// outbox event and an audit entry; repeating the same status is recorded as seen, nothing more.
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import type { Connection } from "@/lib/db/schema";
import { emitEvent } from "@/lib/handoff/outbox";
import { lockConnection, updateConnection } from "@/lib/connections/queries";

export const syncStatuses = ["syncing", "healthy", "error"] as const;
export type SyncStatus = (typeof syncStatuses)[number];

export async function recordSyncStatus(
  db: Db,
  input: { connection: Pick<Connection, "id" | "workspaceId" | "provider">; status: SyncStatus; message: string | null; actor: Actor },
): Promise<void> {
  const { connection: conn } = input;
  await db.transaction(async (tx) => {
    const current = await lockConnection(tx, conn.workspaceId, conn.id);
    const changed = current?.syncStatus !== input.status || current?.syncMessage !== input.message;
    await updateConnection(tx, conn.workspaceId, conn.id, { syncStatus: input.status, syncMessage: input.message, syncStatusAt: new Date() });
    if (!changed) return;
    await emitEvent(tx, {
      workspaceId: conn.workspaceId,
      type: "connection.sync_status_changed",
      connectionId: conn.id,
      payload: { provider: conn.provider, sync_status: input.status, message: input.message, previous_sync_status: current?.syncStatus ?? null },
    });
    await recordAudit(tx, {
      workspaceId: conn.workspaceId,
      actor: input.actor,
      action: "connection.sync_status",
      target: { type: "connection", id: conn.id },
      details: { status: input.status, previous: current?.syncStatus ?? null },
    });
  });
}
