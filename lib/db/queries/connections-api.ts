// Connection reads for the vendor API: always scoped to the caller's workspace, keyset pagination
// (created_at, id) on connections_workspace_created_idx.
import { and, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { connections, credentials, type Connection, type ConnectionStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const credentialMeta = {
  fingerprint: credentials.fingerprint,
  version: credentials.version,
  updatedAt: credentials.updatedAt,
  shreddedAt: credentials.shreddedAt,
};
export type CredentialMeta = { fingerprint: string | null; version: number; updatedAt: Date; shreddedAt: Date | null };
export type ConnectionWithCredential = { connection: Connection; credential: CredentialMeta | null };

export function encodeCursor(c: Pick<Connection, "createdAt" | "id">): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("invalid_input", "The cursor is not valid: pass next_cursor from the previous page unchanged.", { fieldErrors: { cursor: ["Not a cursor from this API."] } });
  return { createdAt, id };
}

export async function listConnectionsForApi(
  db: DbOrTx,
  workspaceId: string,
  filter: { limit: number; cursor?: string; status?: ConnectionStatus; provider?: string; endUserId?: string },
): Promise<{ rows: ConnectionWithCredential[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(connections.workspaceId, workspaceId)];
  if (filter.status) where.push(eq(connections.status, filter.status));
  if (filter.status !== "deleted") where.push(isNull(connections.deletedAt));
  if (filter.provider) where.push(eq(connections.provider, filter.provider));
  if (filter.endUserId) where.push(eq(connections.endUserId, filter.endUserId));
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor);
    where.push(or(lt(connections.createdAt, c.createdAt), and(eq(connections.createdAt, c.createdAt), lt(connections.id, c.id)))!);
  }
  const rows = await db
    .select({ connection: connections, credential: credentialMeta })
    .from(connections)
    .leftJoin(credentials, eq(credentials.connectionId, connections.id))
    .where(and(...where))
    .orderBy(desc(connections.createdAt), desc(connections.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit).map((r) => ({ connection: r.connection, credential: r.credential?.version != null ? (r.credential as CredentialMeta) : null }));
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.connection) : null };
}

/** One connection of the workspace (deleted ones too: a vendor may look up what it deleted). */
export async function getConnectionForApi(db: DbOrTx, workspaceId: string, id: string): Promise<ConnectionWithCredential | null> {
  const [row] = await db
    .select({ connection: connections, credential: credentialMeta })
    .from(connections)
    .leftJoin(credentials, eq(credentials.connectionId, connections.id))
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, id)))
    .limit(1);
  if (!row) return null;
  return { connection: row.connection, credential: row.credential?.version != null ? (row.credential as CredentialMeta) : null };
}
