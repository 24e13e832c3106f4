// Which workspace an object id belongs to, across the objects the vendor API addresses by id. Used
// to tell a denial ("another workspace's connection") from a plain miss when auditing a 404.
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { connections, connectSessions, webhookEndpoints } from "@/lib/db/schema";

export type ForeignObject = { type: "connection" | "connect_session" | "webhook_endpoint"; id: string };

/** The object with this id when it exists in a workspace other than `workspaceId`, else null. */
export async function findObjectOfOtherWorkspace(db: DbOrTx, id: string, workspaceId: string): Promise<ForeignObject | null> {
  const tables = [
    ["connection", connections],
    ["connect_session", connectSessions],
    ["webhook_endpoint", webhookEndpoints],
  ] as const;
  for (const [type, table] of tables) {
    const rows = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.id, id), ne(table.workspaceId, workspaceId)))
      .limit(1);
    if (rows.length) return { type, id };
  }
  return null;
}
