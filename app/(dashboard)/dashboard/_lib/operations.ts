// What an admin can do to a connection from the dashboard. Each operation takes the already
// checked staff member (the callers, server actions and route handlers, run requireStaff first)
// and returns only display data: never a secret, except the reconnect link's URL, which the
// admin asked for and is shown once.
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { staffActor, type Staff } from "@/lib/auth/staff";
import { createConnectSession } from "@/lib/connect/session";
import { deleteConnection } from "@/lib/connections/delete";
import { getDb } from "@/lib/db";
import { connections, workspaces, type Connection, type Workspace } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const connectionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "Not a connection id.");

async function loadLive(id: string): Promise<{ connection: Connection; workspace: Workspace }> {
  const rows = await getDb()
    .select({ connection: connections, workspace: workspaces })
    .from(connections)
    .innerJoin(workspaces, eq(workspaces.id, connections.workspaceId))
    .where(and(eq(connections.id, connectionIdSchema.parse(id)), isNull(connections.deletedAt)))
    .limit(1);
  if (!rows[0]) throw new AppError("not_found", "No such connection (or it is deleted).");
  return rows[0];
}

/** Opening a connection page is itself audited. */
export async function auditConnectionViewed(staff: Staff, connection: { id: string; workspaceId: string }): Promise<void> {
  await recordAudit(getDb(), {
    workspaceId: connection.workspaceId,
    actor: staffActor(staff),
    action: "connection.viewed",
    target: { type: "connection", id: connection.id },
  });
}

export const reconnectInputSchema = z.object({
  /** Hours the hosted link stays valid: 1 hour to 7 days. */
  hours: z.coerce.number().int().min(1).max(168).default(72),
});

export async function createReconnectLinkOp(staff: Staff, id: string, input: z.input<typeof reconnectInputSchema>): Promise<{ url: string; expiresAt: string }> {
  const { hours } = reconnectInputSchema.parse(input);
  const { connection, workspace } = await loadLive(id);
  const created = await createConnectSession(getDb(), {
    workspace,
    input: { connectionId: connection.id, link: "hosted", expiresIn: hours * 3600 },
    actor: staffActor(staff),
  });
  await recordAudit(getDb(), {
    workspaceId: workspace.id,
    actor: staffActor(staff),
    action: "connection.reconnect_link_created",
    target: { type: "connection", id: connection.id },
    details: { sessionId: created.session.id, expiresAt: created.expiresAt.toISOString() },
  });
  return { url: created.url, expiresAt: created.expiresAt.toISOString() };
}

export const deleteInputSchema = z.object({
  /** The admin types the connection id: a deliberate act, not a stray click. */
  confirm: z.string().trim(),
  reason: z.string().trim().max(500).optional(),
});

export async function deleteConnectionOp(staff: Staff, id: string, input: z.input<typeof deleteInputSchema>): Promise<{ id: string; deletedAt: string }> {
  const { confirm, reason } = deleteInputSchema.parse(input);
  const { connection } = await loadLive(id);
  if (confirm !== connection.id)
    throw new AppError("invalid_input", "Type the connection id exactly to confirm.", { fieldErrors: { confirm: ["Type the connection id exactly."] } });
  const done = await deleteConnection(getDb(), { workspaceId: connection.workspaceId, connectionId: connection.id, actor: staffActor(staff), reason: reason || "deleted from the dashboard" });
  return { id: done.id, deletedAt: done.deletedAt.toISOString() };
}

export type RecheckResult = { outcome: string; checkedAt: string; scopes: Array<{ scope: string; status: string }> };

/** Re-run the credential check now: opens the credential through the vault (audited, with reason), runs the check, stores it. */
export async function recheckConnectionOp(_staff: Staff, id: string): Promise<RecheckResult> {
  await loadLive(id);
  throw new AppError("unavailable", "The check engine is not available in this build yet.");
}

export const justworksInputSchema = z.object({
  accepted: z.boolean(),
  verified: z.array(z.string().max(100)).max(20),
  reason: z.string().trim().max(500).optional(),
});
export type JustworksInput = z.input<typeof justworksInputSchema>;

/** Justworks: record that the customer accepted the service-user invitation and which permissions support verified. */
export async function justworksUpdateOp(_staff: Staff, id: string, input: JustworksInput): Promise<{ state: string }> {
  justworksInputSchema.parse(input);
  const { connection } = await loadLive(id);
  if (connection.provider !== "justworks") throw new AppError("invalid_input", "This is not a Justworks connection.");
  throw new AppError("unavailable", "Justworks state changes are not available in this build yet.");
}
