// What staff can do to a connection from the dashboard. Each operation takes the already
// checked staff member (the callers, server actions and route handlers, run requireStaff with
// the role first), refuses a connection outside the account's workspaces as not found, and
// returns only display data: never a secret, except the reconnect link's URL, which the staff
// member asked for and is shown once.
import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { assertInScope, DashProblem, inScope, staffActor, type Staff } from "@/lib/auth/staff";
import { createConnectSession } from "@/lib/connect/session";
import { deleteConnection } from "@/lib/connections/delete";
import { findLiveConnectionAnyWorkspace } from "@/lib/connections/queries";
import { recheck } from "@/lib/connections/recheck";
import { applyProviderTransition } from "@/lib/connections/transitions";
import { getDb } from "@/lib/db";
import { hasRecentAuditEntry } from "@/lib/db/queries/audit";
import { getConnectionDetail, getConnectionTimeline, readSnapshot, toConnectionLive, type ConnectionLive } from "@/lib/db/queries/dashboard";
import type { Connection, Workspace } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getServiceUserFlow } from "@/lib/providers/flows";

export const connectionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "Not a connection id.");

async function loadLive(staff: Staff, id: string): Promise<{ connection: Connection; workspace: Workspace }> {
  const found = await findLiveConnectionAnyWorkspace(getDb(), connectionIdSchema.parse(id));
  if (!found) throw new AppError("not_found", "No such connection (or it is deleted).");
  assertInScope(staff, found.connection.workspaceId);
  return found;
}

const VIEW_AUDIT_WINDOW_MS = 5 * 60_000;

/**
 * Opening a connection page is itself audited: once per staff member and connection within five
 * minutes, so that the page refreshing after an action does not bury the log in repeats.
 */
export async function auditConnectionViewed(staff: Staff, connection: { id: string; workspaceId: string }): Promise<void> {
  await getDb().transaction(async (tx) => {
    const since = new Date(Date.now() - VIEW_AUDIT_WINDOW_MS);
    if (await hasRecentAuditEntry(tx, { action: "connection.viewed", targetType: "connection", targetId: connection.id, actorId: staff.id, since })) return;
    await recordAudit(tx, {
      workspaceId: connection.workspaceId,
      actor: staffActor(staff),
      action: "connection.viewed",
      target: { type: "connection", id: connection.id },
    });
  });
}

/**
 * The connection page's live view (GET /dashboard/api/connections/{id}/live): what the page shows
 * of the status and the timeline, decided like the page itself (any role; a connection of another
 * workspace, or none, is not found; a deleted one still answers). Not audited: the page's own
 * opening was.
 */
export async function connectionLiveOp(staff: Staff, id: string): Promise<ConnectionLive> {
  const parsed = connectionIdSchema.safeParse(id);
  const c = parsed.success ? await readSnapshot((tx) => getConnectionDetail(tx, parsed.data)) : null;
  if (!c || !inScope(staff, c.workspaceId)) throw new AppError("not_found", "No such connection.");
  return toConnectionLive(c, await readSnapshot((tx) => getConnectionTimeline(tx, c.id)));
}

export const reconnectInputSchema = z.object({
  /** Hours the hosted link stays valid: 1 hour to 7 days. */
  hours: z.coerce.number().int().min(1).max(168).default(72),
});

export async function createReconnectLinkOp(staff: Staff, id: string, input: z.input<typeof reconnectInputSchema>): Promise<{ url: string; expiresAt: string }> {
  const { hours } = reconnectInputSchema.parse(input);
  const { connection, workspace } = await loadLive(staff, id);
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
  const { connection } = await loadLive(staff, id);
  if (confirm !== connection.id)
    throw new AppError("invalid_input", "Type the connection id exactly to confirm.", { fieldErrors: { confirm: ["Type the connection id exactly."] } });
  const done = await deleteConnection(getDb(), { workspaceId: connection.workspaceId, connectionId: connection.id, actor: staffActor(staff), reason: reason || "deleted from the dashboard" });
  return { id: done.id, deletedAt: done.deletedAt.toISOString() };
}

export type RecheckResult = { outcome: string; status: string; scopes: Array<{ scope: string; status: string }> };

/**
 * Re-run the credential check now: `recheck` with trigger "dashboard" and the staff member as the
 * actor (lib/connections/recheck.ts; what it does to the status is lib/connections/status-rule.ts).
 */
export async function recheckConnectionOp(staff: Staff, id: string): Promise<RecheckResult> {
  const { connection } = await loadLive(staff, id);
  const r = await recheck(connection.id, { workspaceId: connection.workspaceId, trigger: "dashboard", actor: staffActor(staff) });
  if (r.kind === "skipped") {
    if (r.reason === "no_credential_check") throw new AppError("invalid_input", "This connection has no credential to check: record the verification instead.");
    if (r.reason === "gone") throw new AppError("not_found", "The connection was deleted meanwhile.");
    throw new AppError("conflict", "Only active connections and those needing attention can be re-checked.");
  }
  return { outcome: r.check.outcome, status: r.status, scopes: r.check.scopes.map((sc) => ({ scope: sc.scope, status: sc.status })) };
}

/**
 * A service-user provider (e.g. one whose customers invite a service user): record the step
 * support saw, e.g. the invitation accepted or the permissions verified. The connection's flow
 * (lib/providers/flows.ts) reads the input (`{ action, granted?, reason? }`) into its event, and
 * lib/connections/transitions.ts applies it. `provider`, when given (the old per-provider URL),
 * must be the connection's.
 */
export async function serviceUserUpdateOp(staff: Staff, id: string, input: unknown, provider?: string): Promise<{ state: string; status: string }> {
  const { connection } = await loadLive(staff, id);
  const flow = getServiceUserFlow(connection.provider);
  if (!flow || (provider !== undefined && provider !== connection.provider)) throw new DashProblem("invalid_input", "noServiceUser");
  const { event, reason } = flow.dashboardInputSchema.parse(input);
  const r = await applyProviderTransition(getDb(), {
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    event,
    actor: staffActor(staff),
    reason: reason ?? "recorded in the dashboard",
  });
  return { state: r.state, status: r.status };
}
