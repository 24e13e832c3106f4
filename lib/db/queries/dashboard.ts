// Read models for the support dashboard. DTOs carry no credential material, token hashes, API key
// hashes or webhook secrets: only what support needs, selected column by column.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, type DbOrTx, type Tx } from "@/lib/db";
import {
  auditLog,
  checkRuns,
  connectionCounts,
  connections,
  connectSessions,
  credentials,
  events,
  sessionEvents,
  staffUsers,
  webhookDeliveries,
  webhookEndpoints,
  workspaces,
  type ConnectionStatus,
  type ScopeResult,
} from "@/lib/db/schema";
import { redactDeep } from "@/lib/log";
import type { WorkspaceScope } from "@/lib/db/queries/staff";

export const PAGE_SIZE = 50;

/**
 * Run a page's reads in one read-only, repeatable-read transaction: the counts, the rows and the
 * timeline come from one snapshot. It also keeps the reads on one connection of the embedded
 * database, whose socket server interleaves concurrent statements of different connections
 * outside transactions (electric-sql/pglite#1046; see docs/platform-notes.md).
 */
export async function readSnapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().transaction(work, { isolationLevel: "repeatable read", accessMode: "read only" });
}

/**
 * A staff account's workspaces as a condition on `column` (null: every workspace; an empty list
 * matches nothing). Every dashboard read takes the account's scope: lists, counts, search, options.
 */
export function inWorkspaceScope(column: AnyPgColumn, scope: WorkspaceScope | undefined): SQL | undefined {
  if (scope === null || scope === undefined) return undefined;
  return scope.length ? inArray(column, scope) : sql`false`;
}

export type ConnectionFilters = {
  /** The staff account's scope (null or omitted: every workspace). */
  workspaceIds?: WorkspaceScope;
  workspaceId?: string;
  provider?: string;
  status?: ConnectionStatus;
  /** created_at >= from */
  from?: Date;
  /** created_at < to */
  to?: Date;
  /** Prefix of the end-user id, name, e-mail or account label (case-insensitive). */
  q?: string;
};

export type ConnectionRow = {
  id: string;
  workspaceId: string;
  endUserId: string;
  endUserName: string | null;
  endUserEmail: string | null;
  provider: string;
  status: ConnectionStatus;
  accountLabel: string | null;
  syncStatus: string | null;
  lastCheckedAt: Date | null;
  createdAt: Date;
};

// Keyset cursors carry the timestamp at Postgres's microsecond precision: a JavaScript Date
// (milliseconds) would skip rows whose timestamps differ only below the millisecond.
const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function cursorText(column: SQL | typeof connections.createdAt) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(row: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify({ t: row.at, id: row.id })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined | null): { at: string; id: string } | null {
  if (!cursor || cursor.length > 400) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { t?: unknown; id?: unknown };
    if (typeof c.t !== "string" || !CURSOR_TS.test(c.t) || typeof c.id !== "string" || c.id.length > 100) return null;
    return { at: c.t, id: c.id };
  } catch {
    return null;
  }
}

/** LIKE-escape a user's text and make it a prefix pattern. */
export function prefixPattern(q: string): string {
  return q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
}

function connectionWhere(f: ConnectionFilters, withStatus = true): SQL[] {
  const where: SQL[] = [];
  const scope = inWorkspaceScope(connections.workspaceId, f.workspaceIds);
  if (scope) where.push(scope);
  if (f.workspaceId) where.push(eq(connections.workspaceId, f.workspaceId));
  if (f.provider) where.push(eq(connections.provider, f.provider));
  if (withStatus) {
    // Deleted connections stay for their history; they show only when asked for.
    where.push(f.status ? eq(connections.status, f.status) : ne(connections.status, "deleted"));
  }
  if (f.from) where.push(gte(connections.createdAt, f.from));
  if (f.to) where.push(lt(connections.createdAt, f.to));
  const q = f.q?.trim();
  if (q) {
    const p = prefixPattern(q);
    // Each branch matches one of the lower(...) text_pattern_ops indexes exactly.
    where.push(
      or(
        sql`lower(${connections.endUserId}) like ${p}`,
        sql`lower(${connections.endUserName}) like ${p}`,
        sql`lower(${connections.endUserEmail}) like ${p}`,
        sql`lower(${connections.accountLabel}) like ${p}`,
      )!,
    );
  }
  return where;
}

const rowColumns = {
  id: connections.id,
  workspaceId: connections.workspaceId,
  endUserId: connections.endUserId,
  endUserName: connections.endUserName,
  endUserEmail: connections.endUserEmail,
  provider: connections.provider,
  status: connections.status,
  accountLabel: connections.accountLabel,
  syncStatus: connections.syncStatus,
  lastCheckedAt: connections.lastCheckedAt,
  createdAt: connections.createdAt,
};

/** Newest first, keyset-paginated on (created_at, id): page N costs what page 1 costs. */
export async function listConnections(
  db: DbOrTx,
  filters: ConnectionFilters,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<{ rows: ConnectionRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 200);
  const where = connectionWhere(filters);
  const after = decodeCursor(page.cursor);
  if (after) where.push(sql`(${connections.createdAt}, ${connections.id}) < (${after.at}::timestamptz, ${after.id})`);
  const rows = await db
    .select({ ...rowColumns, cursorAt: cursorText(connections.createdAt) })
    .from(connections)
    .where(and(...where))
    .orderBy(desc(connections.createdAt), desc(connections.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    rows: pageRows.map(({ cursorAt: _c, ...r }) => r),
    nextCursor: more && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}

const DAY_MS = 86_400_000;
const dayText = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Counts per status for the same filters (the status filter itself aside). Exact. Counting rows
 * costs time in proportion to them (about 300 ms at 1,000,000 connections, bench/dashboard.ts), so
 * whole UTC days are summed from connection_counts (kept by triggers on connections, migration
 * 0009_insights) and only the partial days at the range's ends, or a search, count rows.
 */
export async function countConnectionsByStatus(db: DbOrTx, filters: ConnectionFilters): Promise<Record<ConnectionStatus, number>> {
  const out: Record<ConnectionStatus, number> = { active: 0, needs_attention: 0, pending: 0, deleted: 0 };
  const add = (rows: Array<{ status: ConnectionStatus; n: number }>) => {
    for (const r of rows) out[r.status] += Number(r.n);
  };
  if (filters.q?.trim()) {
    add(await countRows(db, filters));
    return out;
  }
  // Whole days [firstDay, endDay) from the rollup; the rest of [from, to) from the rows.
  const firstDay = filters.from ? new Date(Math.ceil(filters.from.getTime() / DAY_MS) * DAY_MS) : null;
  const endDay = filters.to ? new Date(Math.floor(filters.to.getTime() / DAY_MS) * DAY_MS) : null;
  if (firstDay && endDay && firstDay >= endDay) {
    add(await countRows(db, filters));
    return out;
  }
  const where: SQL[] = [];
  const scope = inWorkspaceScope(connectionCounts.workspaceId, filters.workspaceIds);
  if (scope) where.push(scope);
  if (filters.workspaceId) where.push(eq(connectionCounts.workspaceId, filters.workspaceId));
  if (filters.provider) where.push(eq(connectionCounts.provider, filters.provider));
  if (firstDay) where.push(gte(connectionCounts.day, dayText(firstDay)));
  if (endDay) where.push(lt(connectionCounts.day, dayText(endDay)));
  add(
    await db
      .select({ status: connectionCounts.status, n: sql<number>`sum(${connectionCounts.n})::bigint` })
      .from(connectionCounts)
      .where(where.length ? and(...where) : undefined)
      .groupBy(connectionCounts.status),
  );
  if (filters.from && firstDay! > filters.from) add(await countRows(db, { ...filters, to: firstDay! }));
  if (filters.to && endDay! < filters.to) add(await countRows(db, { ...filters, from: endDay! }));
  return out;
}

async function countRows(db: DbOrTx, filters: ConnectionFilters): Promise<Array<{ status: ConnectionStatus; n: number }>> {
  const where = connectionWhere(filters, false);
  return db
    .select({ status: connections.status, n: sql<number>`count(*)::int` })
    .from(connections)
    .where(where.length ? and(...where) : undefined)
    .groupBy(connections.status);
}

export type ConnectionDetail = ConnectionRow & {
  workspaceName: string;
  syncMessage: string | null;
  syncStatusAt: Date | null;
  requiredScopes: string[];
  optionalScopes: string[];
  scopeResults: Record<string, ScopeResult>;
  providerState: Record<string, unknown>;
  updatedAt: Date;
  deletedAt: Date | null;
  credential: { version: number; fingerprint: string | null; createdAt: Date; updatedAt: Date; shreddedAt: Date | null } | null;
};

export async function getConnectionDetail(db: DbOrTx, id: string): Promise<ConnectionDetail | null> {
  const [row] = await db
    .select({
      ...rowColumns,
      workspaceName: workspaces.name,
      syncMessage: connections.syncMessage,
      syncStatusAt: connections.syncStatusAt,
      requiredScopes: connections.requiredScopes,
      optionalScopes: connections.optionalScopes,
      scopeResults: connections.scopeResults,
      providerState: connections.providerState,
      updatedAt: connections.updatedAt,
      deletedAt: connections.deletedAt,
    })
    .from(connections)
    .innerJoin(workspaces, eq(workspaces.id, connections.workspaceId))
    .where(eq(connections.id, id))
    .limit(1);
  if (!row) return null;
  // Only display columns of the credential: never the wrapped key, IV, tag or ciphertext.
  const [cred] = await db
    .select({
      version: credentials.version,
      fingerprint: credentials.fingerprint,
      createdAt: credentials.createdAt,
      updatedAt: credentials.updatedAt,
      shreddedAt: credentials.shreddedAt,
    })
    .from(credentials)
    .where(eq(credentials.connectionId, id))
    .limit(1);
  return { ...row, credential: cred ?? null };
}

export type TimelineItem =
  | { kind: "session_created"; at: Date; sessionId: string; mode: string; link: string; expiresAt: Date; by: string | null }
  | { kind: "session_event"; at: Date; sessionId: string; type: string; step: string | null; code: string | null; provider: string | null }
  | {
      kind: "check";
      at: Date;
      trigger: string;
      outcome: string;
      durationMs: number;
      authStatus: number | null;
      scopes: Array<{ scope: string; status: string; required: boolean; providerStatus?: number }>;
    }
  | { kind: "event"; at: Date; eventId: string; type: string }
  | { kind: "handoff"; at: Date; eventId: string; type: string }
  | { kind: "webhook"; at: Date; eventId: string; endpointUrl: string; attempt: number; statusCode: number | null; succeeded: boolean; error: string | null; durationMs: number | null }
  | { kind: "audit"; at: Date; action: string; actorType: string; actor: string | null; reason: string | null; details: Record<string, unknown> };

const TIMELINE_LIMIT = 300;

/** Everything that happened to a connection, oldest first, from every table that records it. */
export async function getConnectionTimeline(db: DbOrTx, connectionId: string): Promise<TimelineItem[]> {
  const checks = await db
    .select()
    .from(checkRuns)
    .where(eq(checkRuns.connectionId, connectionId))
    .orderBy(desc(checkRuns.createdAt))
    .limit(TIMELINE_LIMIT);
  const sessionIds = new Set(checks.map((c) => c.sessionId).filter((s): s is string => !!s));
  const sessions = await db
    .select({
      id: connectSessions.id,
      mode: connectSessions.mode,
      link: connectSessions.link,
      expiresAt: connectSessions.expiresAt,
      createdAt: connectSessions.createdAt,
      apiKeyId: connectSessions.createdByApiKeyId,
      staffId: connectSessions.createdByStaffId,
      staffEmail: staffUsers.email,
    })
    .from(connectSessions)
    .leftJoin(staffUsers, eq(staffUsers.id, connectSessions.createdByStaffId))
    .where(
      sessionIds.size
        ? or(eq(connectSessions.connectionId, connectionId), inArray(connectSessions.id, [...sessionIds]))
        : eq(connectSessions.connectionId, connectionId),
    )
    .orderBy(desc(connectSessions.createdAt))
    .limit(50);
  const allSessionIds = sessions.map((s) => s.id);
  // Checks run inside the wizard before the connection existed carry only the session id.
  const sessionChecks = allSessionIds.length
    ? await db
        .select()
        .from(checkRuns)
        .where(and(inArray(checkRuns.sessionId, allSessionIds), isNull(checkRuns.connectionId)))
        .limit(TIMELINE_LIMIT)
    : [];
  const steps = allSessionIds.length
    ? await db.select().from(sessionEvents).where(inArray(sessionEvents.sessionId, allSessionIds)).orderBy(asc(sessionEvents.id)).limit(TIMELINE_LIMIT)
    : [];
  const evts = await db
    .select({ id: events.id, type: events.type, createdAt: events.createdAt, relayedAt: events.relayedAt })
    .from(events)
    .where(eq(events.connectionId, connectionId))
    .orderBy(desc(events.seq))
    .limit(TIMELINE_LIMIT);
  const deliveries = evts.length
    ? await db
        .select({
          eventId: webhookDeliveries.eventId,
          attempt: webhookDeliveries.attempt,
          statusCode: webhookDeliveries.statusCode,
          succeeded: webhookDeliveries.succeeded,
          error: webhookDeliveries.error,
          durationMs: webhookDeliveries.durationMs,
          createdAt: webhookDeliveries.createdAt,
          url: webhookEndpoints.url,
        })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(inArray(webhookDeliveries.eventId, evts.map((e) => e.id)))
        .limit(TIMELINE_LIMIT)
    : [];
  const audits = await db
    .select({
      action: auditLog.action,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      staffEmail: staffUsers.email,
      reason: auditLog.reason,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(auditLog.actorType, "staff"), eq(staffUsers.id, auditLog.actorId)))
    .where(and(eq(auditLog.targetType, "connection"), eq(auditLog.targetId, connectionId)))
    .orderBy(desc(auditLog.id))
    .limit(TIMELINE_LIMIT);

  const items: TimelineItem[] = [];
  for (const s of sessions)
    items.push({
      kind: "session_created",
      at: s.createdAt,
      sessionId: s.id,
      mode: s.mode,
      link: s.link,
      expiresAt: s.expiresAt,
      by: s.staffId ? (s.staffEmail ?? `staff:${s.staffId}`) : s.apiKeyId ? `api_key:${s.apiKeyId}` : null,
    });
  for (const e of steps) items.push({ kind: "session_event", at: e.createdAt, sessionId: e.sessionId, type: e.type, step: e.step, code: e.code, provider: e.provider });
  for (const c of [...checks, ...sessionChecks])
    items.push({
      kind: "check",
      at: c.createdAt,
      trigger: c.trigger,
      outcome: c.outcome,
      durationMs: c.durationMs,
      authStatus: c.authStatus,
      scopes: Object.entries(c.scopeResults).map(([scope, r]) => ({ scope, status: r.status, required: r.required, providerStatus: r.providerStatus })),
    });
  for (const e of evts) {
    items.push({ kind: "event", at: e.createdAt, eventId: e.id, type: e.type });
    if (e.relayedAt) items.push({ kind: "handoff", at: e.relayedAt, eventId: e.id, type: e.type });
  }
  for (const d of deliveries)
    items.push({ kind: "webhook", at: d.createdAt, eventId: d.eventId, endpointUrl: d.url, attempt: d.attempt, statusCode: d.statusCode, succeeded: d.succeeded, error: d.error, durationMs: d.durationMs });
  for (const a of audits)
    items.push({
      kind: "audit",
      at: a.createdAt,
      action: a.action,
      actorType: a.actorType,
      actor: a.staffEmail ?? a.actorId,
      reason: a.reason,
      details: redactDeep(a.details) as Record<string, unknown>,
    });
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The latest check per scope with the connection's required/optional flags. */
export function latestScopes(c: Pick<ConnectionDetail, "scopeResults" | "requiredScopes" | "optionalScopes">): Array<{ scope: string } & ScopeResult> {
  const names = [...new Set([...c.requiredScopes, ...c.optionalScopes, ...Object.keys(c.scopeResults)])];
  return names.map((scope) => {
    const r = c.scopeResults[scope];
    return r ? { scope, ...r } : { scope, status: "unknown" as const, required: c.requiredScopes.includes(scope) };
  });
}

export type FlowFailure = {
  sessionId: string;
  workspaceId: string;
  endUserId: string;
  endUserName: string | null;
  endUserEmail: string | null;
  mode: string;
  link: string;
  providers: string[] | null;
  lastProvider: string | null;
  lastStep: string | null;
  lastErrorCode: string | null;
  lastActivityAt: Date;
  expiresAt: Date;
  createdAt: Date;
};

/**
 * Sessions the customer opened and never completed: no save, and either expired or idle for
 * `idleMinutes`. Newest activity first, keyset-paginated on (last_activity_at, id).
 */
export async function listFlowFailures(
  db: DbOrTx,
  opts: { workspaceIds?: WorkspaceScope; workspaceId?: string; idleMinutes?: number; before?: string | null; limit?: number; now?: Date } = {},
): Promise<{ rows: FlowFailure[]; nextCursor: string | null }> {
  const now = opts.now ?? new Date();
  const idleSince = new Date(now.getTime() - (opts.idleMinutes ?? 30) * 60_000);
  const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 200);
  const where: SQL[] = [
    isNull(connectSessions.usedAt),
    isNotNull(connectSessions.lastActivityAt),
    or(lt(connectSessions.expiresAt, now), lt(connectSessions.lastActivityAt, idleSince))!,
  ];
  const scope = inWorkspaceScope(connectSessions.workspaceId, opts.workspaceIds);
  if (scope) where.push(scope);
  if (opts.workspaceId) where.push(eq(connectSessions.workspaceId, opts.workspaceId));
  const after = decodeCursor(opts.before);
  if (after) where.push(sql`(${connectSessions.lastActivityAt}, ${connectSessions.id}) < (${after.at}::timestamptz, ${after.id})`);
  const rows = await db
    .select({
      sessionId: connectSessions.id,
      workspaceId: connectSessions.workspaceId,
      endUserId: connectSessions.endUserId,
      endUserName: connectSessions.endUserName,
      endUserEmail: connectSessions.endUserEmail,
      mode: connectSessions.mode,
      link: connectSessions.link,
      providers: connectSessions.providers,
      lastStep: connectSessions.lastStep,
      lastErrorCode: connectSessions.lastErrorCode,
      lastActivityAt: connectSessions.lastActivityAt,
      expiresAt: connectSessions.expiresAt,
      createdAt: connectSessions.createdAt,
      cursorAt: cursorText(sql`${connectSessions.lastActivityAt}`),
      // Written out: drizzle leaves columns unqualified inside sql``, and both tables have "id".
      lastProvider: sql<string | null>`(select se.provider from session_events se where se.session_id = "connect_sessions"."id" and se.provider is not null order by se.id desc limit 1)`,
    })
    .from(connectSessions)
    .where(and(...where))
    .orderBy(desc(connectSessions.lastActivityAt), desc(connectSessions.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page.map(({ cursorAt: _c, ...r }) => ({ ...r, lastActivityAt: r.lastActivityAt! })),
    nextCursor: more && last ? encodeCursor({ at: last.cursorAt, id: last.sessionId }) : null,
  };
}

/** The workspaces a filter may offer: those of the account's scope. */
export async function listWorkspaceOptions(db: DbOrTx, scope: WorkspaceScope | undefined = null): Promise<Array<{ id: string; name: string }>> {
  return db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(inWorkspaceScope(workspaces.id, scope)).orderBy(asc(workspaces.name));
}
