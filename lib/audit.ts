// The audit trail: who did what to which object, from where, with what outcome, in which request.
// Insert-only (the app's database role may only INSERT and SELECT; a trigger refuses UPDATE,
// DELETE and TRUNCATE to everyone) and hash-chained by the database (drizzle/0004_audit_chain.sql):
// verifyAuditChain below, `npm run audit:verify`, finds a changed, inserted or missing row.
// Never holds a secret.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { auditLog, type ActorType, type AuditOutcome } from "@/lib/db/schema";

export type { AuditOutcome };

export type Actor = { type: ActorType; id?: string | null; ip?: string | null; userAgent?: string | null };

export type AuditInput = {
  workspaceId?: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  reason?: string;
  details?: Record<string, unknown>;
  /** Default: "success", or "failure" for actions named `…_failed` / `…failed`. */
  outcome?: AuditOutcome;
  /** Default: the request being served (runWithRequestId, or the x-request-id proxy.ts sets). */
  requestId?: string | null;
};

export const REQUEST_ID_HEADER = "x-request-id";
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

/** A request id a client sent, if it is one we keep (letters, digits, `._-`, 8 to 128 long). */
export function acceptableRequestId(value: string | null | undefined): string | null {
  return value && REQUEST_ID_PATTERN.test(value) ? value : null;
}

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Run `fn` with `requestId` as the request every audit row written inside it belongs to. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

/**
 * The current request's id: set by runWithRequestId (the API wrapper), or inside a Next.js page,
 * route or server action the x-request-id header proxy.ts gives every request. Null elsewhere
 * (jobs, commands).
 */
export async function currentRequestId(): Promise<string | null> {
  const stored = requestContext.getStore()?.requestId;
  if (stored) return stored;
  // Outside Next.js's request handling (start-up, the workers, the commands) there is no request.
  // Importing next/headers before Next.js has set up its AsyncLocalStorage fails, and the failed
  // module stays cached: Next.js itself then cannot start (seen with the demo's start-up audit rows).
  if (!("AsyncLocalStorage" in globalThis)) return null;
  try {
    const { headers } = await import("next/headers");
    return acceptableRequestId((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    return null; // outside a request
  }
}

export function defaultOutcome(action: string): AuditOutcome {
  return /(^|[._])(failed|fail)$/.test(action) ? "failure" : "success";
}

/** Write inside the transaction of the change it records (pass `tx`), so both commit or neither. */
export async function recordAudit(db: DbOrTx, input: AuditInput): Promise<void> {
  const requestId = input.requestId === undefined ? await currentRequestId() : input.requestId;
  await db.insert(auditLog).values({
    workspaceId: input.workspaceId ?? null,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    ip: input.actor.ip ?? null,
    userAgent: input.actor.userAgent?.slice(0, 300) ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    reason: input.reason ?? null,
    details: input.details ?? {},
    outcome: input.outcome ?? defaultOutcome(input.action),
    requestId: acceptableRequestId(requestId),
  });
}

export const systemActor: Actor = { type: "system", id: "latchkey" };

// ---- Verification ------------------------------------------------------------------------------

/**
 * The row's content exactly as the database hashes it (audit_log_content in
 * lib/db/audit-chain.sql), written out here rather than calling that function, so that a changed
 * function in the database cannot make a changed row look right. The hash itself is computed here.
 */
const CONTENT = sql.raw(
  `jsonb_build_array(id, seq, (extract(epoch from created_at) * 1000000)::bigint, workspace_id, actor_type, actor_id, action, ` +
    `target_type, target_id, reason, ip, user_agent, details, request_id, outcome)::text`,
);

export type ChainProblem =
  | { kind: "changed"; seq: number; id: number }
  | { kind: "missing"; afterSeq: number; beforeSeq: number }
  | { kind: "unchained"; id: number }
  | { kind: "broken_link"; seq: number; id: number };

export type ChainReport = { rows: number; lastSeq: number; lastHash: string | null; problems: ChainProblem[] };

export function chainHash(prevHash: string | null, content: string): string {
  return createHash("sha256")
    .update((prevHash ?? "") + content, "utf8")
    .digest("hex");
}

/**
 * Walk the whole chain in order of `seq`, in batches: every row's hash must be sha256 of the
 * previous hash and its own content, `seq` must run 1, 2, 3, … (a gap is a deleted row), and no row
 * may lack a position. A row removed from the end is found only against a remembered head
 * (`expect`: a seq and hash noted earlier, e.g. by a previous run).
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { batchSize?: number; expect?: { seq: number; hash: string } } = {},
): Promise<ChainReport> {
  const batch = options.batchSize ?? 1000;
  const problems: ChainProblem[] = [];
  let prevSeq = 0;
  let prevHash: string | null = null;
  let rows = 0;
  for (;;) {
    const page = await db.execute<{ id: string; seq: string; prev_hash: string | null; hash: string | null; content: string }>(
      sql`select id, seq, prev_hash, hash, ${CONTENT} as content from audit_log where seq > ${prevSeq} order by seq limit ${batch}`,
    );
    if (!page.rows.length) break;
    for (const r of page.rows) {
      const seq = Number(r.seq);
      const id = Number(r.id);
      rows++;
      if (seq !== prevSeq + 1) {
        problems.push({ kind: "missing", afterSeq: prevSeq, beforeSeq: seq });
        // The stored link tells whether the row itself is intact; continue from it.
        prevHash = r.prev_hash;
      } else if (r.prev_hash !== prevHash) {
        problems.push({ kind: "broken_link", seq, id });
        prevHash = r.prev_hash;
      }
      if (r.hash !== chainHash(prevHash, r.content)) problems.push({ kind: "changed", seq, id });
      prevSeq = seq;
      prevHash = r.hash;
    }
  }
  const unchained = await db.execute<{ id: string }>(sql`select id from audit_log where seq is null order by id limit 100`);
  for (const r of unchained.rows) problems.push({ kind: "unchained", id: Number(r.id) });
  if (options.expect) {
    const { seq, hash } = options.expect;
    if (prevSeq < seq) problems.push({ kind: "missing", afterSeq: prevSeq, beforeSeq: seq + 1 });
    else {
      const at = await db.execute<{ hash: string | null }>(sql`select hash from audit_log where seq = ${seq}`);
      if (at.rows[0]?.hash !== hash) problems.push({ kind: "changed", seq, id: -1 });
    }
  }
  return { rows, lastSeq: prevSeq, lastHash: prevHash, problems };
}

/** One line per problem, for the command and the logs. */
export function describeChainProblem(p: ChainProblem): string {
  switch (p.kind) {
    case "changed":
      return p.id < 0
        ? `row ${p.seq} no longer has the hash remembered for it: the chain was rewritten from there on`
        : `row ${p.seq} (id ${p.id}) was changed after it was written: its hash does not match its content`;
    case "missing":
      return p.beforeSeq - p.afterSeq - 1 === 1
        ? `row ${p.afterSeq + 1} is missing (deleted)`
        : `rows ${p.afterSeq + 1} to ${p.beforeSeq - 1} are missing (deleted)`;
    case "broken_link":
      return `row ${p.seq} (id ${p.id}) does not follow the row before it: a row was inserted, replaced or removed before it`;
    case "unchained":
      return `row id ${p.id} has no place in the chain (written with the chain trigger disabled)`;
  }
}
