// The audit log as the dashboard reads it: filters, newest first, keyset on id. Details pass
// through the log redactor as a second line of defence (writers never put secrets in them).
import { and, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { auditLog, staffUsers, type ActorType } from "@/lib/db/schema";
import { redactDeep } from "@/lib/log";

export type AuditFilters = {
  /**
   * The staff account's scope: null or omitted, every entry; a list, only entries of those
   * workspaces (entries of no workspace, e.g. staff changes, are for accounts of every workspace).
   */
  workspaceIds?: string[] | null;
  workspaceId?: string;
  actorType?: ActorType;
  /** A staff member's e-mail, an API key id or any actor id. */
  actor?: string;
  /** Exact action, or a prefix ending in "." (e.g. "connection."). */
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
};

export type AuditRow = {
  id: number;
  createdAt: Date;
  workspaceId: string | null;
  actorType: ActorType;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

export async function listAuditEntries(
  db: DbOrTx,
  filters: AuditFilters,
  page: { beforeId?: number | null; limit?: number } = {},
): Promise<{ rows: AuditRow[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (filters.workspaceIds) where.push(filters.workspaceIds.length ? inArray(auditLog.workspaceId, filters.workspaceIds) : sql`false`);
  if (filters.workspaceId) where.push(eq(auditLog.workspaceId, filters.workspaceId));
  if (filters.actorType) where.push(eq(auditLog.actorType, filters.actorType));
  if (filters.actor) {
    const a = filters.actor.trim();
    where.push(
      a.includes("@")
        ? sql`${auditLog.actorId} in (select ${staffUsers.id} from ${staffUsers} where lower(${staffUsers.email}) = ${a.toLowerCase()})`
        : eq(auditLog.actorId, a),
    );
  }
  if (filters.action) {
    const a = filters.action.trim();
    where.push(a.endsWith(".") ? sql`${auditLog.action} like ${a.replace(/[\\%_]/g, (c) => `\\${c}`) + "%"}` : eq(auditLog.action, a));
  }
  if (filters.targetId) where.push(eq(auditLog.targetId, filters.targetId.trim()));
  if (filters.from) where.push(gte(auditLog.createdAt, filters.from));
  if (filters.to) where.push(lt(auditLog.createdAt, filters.to));
  if (page.beforeId) where.push(lt(auditLog.id, page.beforeId));
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      workspaceId: auditLog.workspaceId,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      actorEmail: staffUsers.email,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      reason: auditLog.reason,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(auditLog.actorType, "staff"), eq(staffUsers.id, auditLog.actorId)))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const pageRows = (more ? rows.slice(0, limit) : rows).map((r) => ({ ...r, details: redactDeep(r.details) as Record<string, unknown> }));
  return { rows: pageRows, nextBeforeId: more ? pageRows[pageRows.length - 1]!.id : null };
}

/** The distinct actions recorded, for the filter's choices. */
export async function listAuditActions(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500);
  return rows.map((r) => r.action);
}

/** Whether this actor already has an entry with this action on this target since `since`. */
export async function hasRecentAuditEntry(db: DbOrTx, input: { action: string; targetType: string; targetId: string; actorId: string; since: Date }): Promise<boolean> {
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, input.targetType),
        eq(auditLog.targetId, input.targetId),
        eq(auditLog.action, input.action),
        eq(auditLog.actorId, input.actorId),
        gt(auditLog.createdAt, input.since),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
