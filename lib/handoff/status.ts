// Status reported by the sync backend: POST /api/v1/connections/{id}/status. The intake only: it
// validates the report and hands each part to lib/connections, which writes it: a sync status
// (syncing | healthy | error, with a message; sync-status.ts) and, for a provider whose customers
// invite a service user, that user's progress in the field the flow names (`statusField`,
// lib/providers/flows.ts), moved through the flow's own state machine (transitions.ts).
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { findLiveConnection } from "@/lib/connections/queries";
import { recordSyncStatus, syncStatuses } from "@/lib/connections/sync-status";
import { applyProviderTransition } from "@/lib/connections/transitions";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers";
import { listServiceUserFlows } from "@/lib/providers/flows";

export { syncStatuses };

const flows = listServiceUserFlows();
const flowFields = flows.map((f) => f.statusField);

export const statusReportSchema = z
  .object({
    status: z.enum(syncStatuses).optional(),
    message: z.string().trim().max(500).optional().describe("Shown to support staff; never put a secret here."),
    ...Object.fromEntries(flows.map((f) => [f.statusField, f.statusUpdateSchema.optional().describe(`${getProvider(f.provider)?.name ?? f.provider} connections only: the service user's progress.`)])),
  })
  .refine((b) => b.status !== undefined || flowFields.some((k) => (b as Record<string, unknown>)[k] !== undefined), {
    message: `Send \`status\`${flowFields.map((k) => `, \`${k}\``).join("")}, or more than one.`,
  });
export type StatusReport = z.infer<typeof statusReportSchema> & Partial<Record<string, unknown>>;

export async function reportStatus(db: Db, input: { workspaceId: string; connectionId: string; report: StatusReport; actor: Actor }) {
  const { report } = input;
  const conn = await findLiveConnection(db, input.workspaceId, input.connectionId);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  const reported = flows.filter((f) => report[f.statusField] !== undefined);
  for (const f of reported)
    if (conn.provider !== f.provider) throw new AppError("invalid_input", `\`${f.statusField}\` applies to ${getProvider(f.provider)?.name ?? f.provider} connections only.`);

  if (report.status) await recordSyncStatus(db, { connection: conn, status: report.status, message: report.message ?? null, actor: input.actor });

  for (const flow of reported) {
    const update = flow.statusUpdateSchema.parse(report[flow.statusField]);
    const state = flow.parseState(conn.providerState);
    if (!state) throw new AppError("conflict", "This connection has no invitation yet: the customer has not finished the wizard.");
    // Each event in its own transaction, in order (e.g. accepted, then verified).
    for (const event of flow.eventsFromStatusUpdate(state, update))
      await applyProviderTransition(db, {
        workspaceId: input.workspaceId,
        connectionId: conn.id,
        event,
        actor: input.actor,
        reason: event.type === "verification" ? "verified by the sync backend" : "reported by the sync backend",
      });
  }

  return (await findLiveConnection(db, input.workspaceId, conn.id))!;
}
