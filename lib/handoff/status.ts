// Status reported by the sync backend: POST /api/v1/connections/{id}/status. The intake only: it
// validates the report and hands each part to lib/connections, which writes it: a sync status
// (syncing | healthy | error, with a message; sync-status.ts) and, for Justworks, the
// verification result through the provider's own state machine (transitions.ts).
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { findLiveConnection } from "@/lib/connections/queries";
import { recordSyncStatus, syncStatuses } from "@/lib/connections/sync-status";
import { applyProviderTransition } from "@/lib/connections/transitions";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { justworksPermissionIds } from "@/lib/providers/justworks/permissions";
import { parseJustworksState } from "@/lib/providers/justworks/state";

export { syncStatuses };

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
  const conn = await findLiveConnection(db, input.workspaceId, input.connectionId);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  if (report.justworks && conn.provider !== "justworks") throw new AppError("invalid_input", "`justworks` applies to Justworks connections only.");

  if (report.status) await recordSyncStatus(db, { connection: conn, status: report.status, message: report.message ?? null, actor: input.actor });

  if (report.justworks) {
    const state = parseJustworksState(conn.providerState);
    if (report.justworks.invitation_accepted && state?.state === "awaiting_invitation")
      await applyProviderTransition(db, { workspaceId: input.workspaceId, connectionId: conn.id, event: { type: "invitation_accepted" }, actor: input.actor, reason: "reported by the sync backend" });
    if (report.justworks.granted_permissions)
      await applyProviderTransition(db, {
        workspaceId: input.workspaceId,
        connectionId: conn.id,
        event: { type: "verification", granted: report.justworks.granted_permissions },
        actor: input.actor,
        reason: "verified by the sync backend",
      });
  }

  return (await findLiveConnection(db, input.workspaceId, conn.id))!;
}
