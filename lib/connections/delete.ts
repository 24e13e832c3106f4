// Deleting a connection: soft delete, crypto-shredding of its credential, the connection.deleted
// event and the audit entry, in ONE transaction, so that either all happen or none. Used by the
// API and the dashboard. An OAuth connection's tokens are first revoked at the provider (outside the
// transaction, best effort: they are shredded either way; the audit entry says whether it worked).
import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { credentials } from "@/lib/db/schema";
import { revokeBeforeDelete } from "@/lib/connections/oauth";
import { lockConnection, markConnectionDeleted } from "@/lib/connections/queries";
import { AppError } from "@/lib/errors";
import { emitEvent } from "@/lib/handoff/outbox";
import { shredCredential } from "@/lib/vault";

export async function deleteConnection(
  db: Db,
  input: { workspaceId: string; connectionId: string; actor: Actor; reason?: string },
): Promise<{ id: string; deletedAt: Date; eventId: string }> {
  const revoked = await revokeBeforeDelete(db, input);
  return db.transaction(async (tx) => {
    // Lock the row: two concurrent deletes must not both emit an event.
    const conn = await lockConnection(tx, input.workspaceId, input.connectionId);
    if (!conn) throw new AppError("not_found", "No such connection in this workspace (or it is already deleted).");
    const now = new Date();
    await markConnectionDeleted(tx, input.workspaceId, conn.id, now);
    const [cred] = await tx
      .select({ id: credentials.id, shreddedAt: credentials.shreddedAt })
      .from(credentials)
      .where(and(eq(credentials.connectionId, conn.id), eq(credentials.workspaceId, input.workspaceId)));
    if (cred && !cred.shreddedAt) await shredCredential(tx, { workspaceId: input.workspaceId, connectionId: conn.id, actor: input.actor });
    const eventId = await emitEvent(tx, {
      workspaceId: input.workspaceId,
      type: "connection.deleted",
      connectionId: conn.id,
      payload: { connection_id: conn.id, provider: conn.provider, end_user_id: conn.endUserId, deleted_at: now.toISOString() },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "connection.deleted",
      target: { type: "connection", id: conn.id },
      reason: input.reason,
      details: { provider: conn.provider, credentialShredded: !!cred, ...(revoked !== null ? { revokedAtProvider: revoked } : {}) },
    });
    return { id: conn.id, deletedAt: now, eventId };
  });
}
