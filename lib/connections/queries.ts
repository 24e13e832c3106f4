// Reads and small writes of the `connections` table that lib/connections' own operations and its
// callers (routes, pages, the wizard, the dashboard) share. Every lookup by id is scoped to a
// workspace unless its name says otherwise (`…AnyWorkspace`: staff, who see every workspace).
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { connections, connectSessions, workspaces, type Connection, type ConnectionStatus, type Workspace } from "@/lib/db/schema";

/** A connection that is not deleted, in its workspace. */
export async function findLiveConnection(db: DbOrTx, workspaceId: string, connectionId: string): Promise<Connection | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.workspaceId, workspaceId), isNull(connections.deletedAt)))
    .limit(1);
  return row;
}

/** Staff act across workspaces: the live connection with its workspace, by id alone. */
export async function findLiveConnectionAnyWorkspace(db: DbOrTx, connectionId: string): Promise<{ connection: Connection; workspace: Workspace } | undefined> {
  const rows = await db
    .select({ connection: connections, workspace: workspaces })
    .from(connections)
    .innerJoin(workspaces, eq(workspaces.id, connections.workspaceId))
    .where(and(eq(connections.id, connectionId), isNull(connections.deletedAt)))
    .limit(1);
  return rows[0];
}

/** The CLI names a connection by id alone (an operator acts across workspaces); deleted ones included. */
export async function findConnectionAnyWorkspace(db: DbOrTx, connectionId: string): Promise<Connection | undefined> {
  const [row] = await db.select().from(connections).where(eq(connections.id, connectionId)).limit(1);
  return row;
}

export async function insertConnection(tx: DbOrTx, row: typeof connections.$inferInsert): Promise<void> {
  await tx.insert(connections).values(row);
}

/** Soft delete: the row stays (events and audit point at it), its status says deleted. */
export async function markConnectionDeleted(tx: DbOrTx, workspaceId: string, connectionId: string, at: Date): Promise<void> {
  await updateConnection(tx, workspaceId, connectionId, { status: "deleted", deletedAt: at, updatedAt: at });
}

/** The row, locked until the transaction ends, so that two writers never both act on one old status. */
export async function lockConnection(tx: DbOrTx, workspaceId: string, connectionId: string): Promise<Connection | undefined> {
  const [row] = await tx
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.workspaceId, workspaceId), isNull(connections.deletedAt)))
    .for("update");
  return row;
}

export async function updateConnection(tx: DbOrTx, workspaceId: string, connectionId: string, set: Partial<typeof connections.$inferInsert>): Promise<void> {
  await tx.update(connections).set(set).where(and(eq(connections.id, connectionId), eq(connections.workspaceId, workspaceId)));
}

/** Connections a health check may look at (every workspace: the schedule runs for all). */
export async function listConnectionsByStatus(db: DbOrTx, statuses: ConnectionStatus[]): Promise<Array<Pick<Connection, "id" | "workspaceId" | "provider" | "providerState">>> {
  return db
    .select({ id: connections.id, workspaceId: connections.workspaceId, provider: connections.provider, providerState: connections.providerState })
    .from(connections)
    .where(and(inArray(connections.status, statuses), isNull(connections.deletedAt)))
    .orderBy(connections.provider, connections.id);
}

/** Remember which connection a session created, so that a reopened link can show it. */
export async function linkSessionToConnection(tx: DbOrTx, sessionId: string, connectionId: string): Promise<void> {
  await tx.update(connectSessions).set({ connectionId }).where(eq(connectSessions.id, sessionId));
}
