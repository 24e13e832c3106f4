// Status reported by the sync backend: POST /api/v1/connections/{id}/status. A sync status
// (syncing | healthy | error, with a message) and, for Justworks, the verification result through
// the provider's own state machine. Each change is an outbox event; repeating the same status is
// recorded as seen but emits nothing.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { connections } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { emitEvent } from "@/lib/handoff/outbox";
import { justworksPermissionIds } from "@/lib/providers/justworks/permissions";
import { parseJustworksState } from "@/lib/providers/justworks/state";
import { applyJustworksTransition } from "@/lib/providers/justworks/store";

export const syncStatuses = ["syncing", "healthy", "error"] as const;

export const statusReportSchema = z
  .object({
    status: z.enum(syncStatuses).optional(),
    message: z.string().trim().max(500).optional().describe("Shown to support staff; never put a secret here."),
    justworks: z
      .object({
        invitation_accepted: z.boolean().optional(),
        granted_permissions: z.array(z.enum(justworksPermissionIds)).max(justworksPermissionIds.length).optional().describe("Which of the six permissions the service user has."),
      })
      .optional(),
  })
  .refine((b) => b.status !== undefined || b.justworks !== undefined, { message: "Send `status`, `justworks`, or both." });
export type StatusReport = z.infer<typeof statusReportSchema>;

export async function reportStatus(db: Db, input: { workspaceId: string; connectionId: string; report: StatusReport; actor: Actor }) {
  const { report } = input;
  const [conn] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, input.workspaceId), isNull(connections.deletedAt)))
    .limit(1);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  if (report.justworks && conn.provider !== "justworks") throw new AppError("invalid_input", "`justworks` applies to Justworks connections only.");

  if (report.status) {
    const message = report.message ?? null;
    await db.transaction(async (tx) => {
      const [current] = await tx.select({ s: connections.syncStatus, m: connections.syncMessage }).from(connections).where(eq(connections.id, conn.id)).for("update");
      const changed = current?.s !== report.status || current?.m !== message;
      await tx.update(connections).set({ syncStatus: report.status, syncMessage: message, syncStatusAt: new Date() }).where(eq(connections.id, conn.id));
      if (!changed) return;
      await emitEvent(tx, {
        workspaceId: input.workspaceId,
        type: "connection.sync_status_changed",
        connectionId: conn.id,
        payload: { provider: conn.provider, sync_status: report.status, message, previous_sync_status: current?.s ?? null },
      });
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: "connection.sync_status",
        target: { type: "connection", id: conn.id },
        details: { status: report.status, previous: current?.s ?? null },
      });
    });
  }

  if (report.justworks) {
    const state = parseJustworksState(conn.providerState);
    if (report.justworks.invitation_accepted && state?.state === "awaiting_invitation")
      await applyJustworksTransition(db, { workspaceId: input.workspaceId, connectionId: conn.id, event: { type: "invitation_accepted" }, actor: input.actor, reason: "reported by the sync backend" });
    if (report.justworks.granted_permissions)
      await applyJustworksTransition(db, {
        workspaceId: input.workspaceId,
        connectionId: conn.id,
        event: { type: "verification", granted: report.justworks.granted_permissions },
        actor: input.actor,
        reason: "verified by the sync backend",
      });
  }

  const [after] = await db.select().from(connections).where(eq(connections.id, conn.id));
  return after!;
}
