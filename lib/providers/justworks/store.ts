// Moving a Justworks connection through its state machine, for the API and the dashboard: one
// transaction reads the connection (locked), applies the pure transition (state.ts), stores the
// new `provider_state`, the matching connection status and per-scope results, emits the state's
// event into the outbox and writes the audit entry. Nothing slow happens inside the transaction.
// Also used by the CLI (`justworks:update`), which runs outside Next, hence no "server-only" here.
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { connections, type ScopeResult } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { emitEvent, type EventType } from "@/lib/handoff/outbox";
import { justworksPermissions, type JustworksPermissionId } from "@/lib/providers/justworks/permissions";
import {
  applyJustworksEvent,
  connectionStatusFor,
  missingPermissionNames,
  parseJustworksState,
  type JustworksEvent,
  type JustworksProviderState,
  type JustworksStateName,
} from "@/lib/providers/justworks/state";
import type { ScopeId } from "@/lib/providers/types";

const eventTypeFor: Record<JustworksStateName, EventType> = {
  awaiting_invitation: "justworks.invitation_sent",
  invitation_accepted: "justworks.invitation_accepted",
  verified: "justworks.verified",
  permissions_missing: "justworks.permissions_missing",
};

/** A scope is granted when the service user holds every permission it needs. */
export function scopeResultsFor(state: JustworksProviderState, required: readonly string[], optional: readonly string[]): Record<string, ScopeResult> {
  const granted = new Set<JustworksPermissionId>(state.grantedPermissions ?? []);
  const out: Record<string, ScopeResult> = {};
  for (const scope of [...required, ...optional]) {
    const needed = justworksPermissions.filter((p) => p.scopes.includes(scope as ScopeId));
    if (!needed.length) continue;
    const missing = needed.filter((p) => !granted.has(p.id));
    out[scope] = {
      status: missing.length ? "missing" : "granted",
      required: required.includes(scope),
      ...(missing.length ? { detail: missing.map((p) => p.name).join(", ") } : {}),
    };
  }
  return out;
}

export type JustworksTransitionResult = {
  connectionId: string;
  state: JustworksProviderState;
  status: "pending" | "active" | "needs_attention";
  missingPermissions: string[];
};

export async function applyJustworksTransition(
  db: Db,
  input: { workspaceId: string; connectionId: string; event: JustworksEvent; actor: Actor; reason?: string; now?: Date },
): Promise<JustworksTransitionResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: connections.id, providerState: connections.providerState, requiredScopes: connections.requiredScopes, optionalScopes: connections.optionalScopes, endUserId: connections.endUserId })
      .from(connections)
      .where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, input.workspaceId), eq(connections.provider, "justworks"), isNull(connections.deletedAt)))
      .for("update");
    if (!row) throw new AppError("not_found", "No Justworks connection with this id exists in this workspace.");
    const current = parseJustworksState(row.providerState);
    if (!current) throw new AppError("conflict", "This Justworks connection has no invitation yet: the customer has not finished the wizard.");

    const next = applyJustworksEvent(current, input.event, now); // throws JustworksTransitionError (409)
    const status = connectionStatusFor(next.state);
    const update: Partial<typeof connections.$inferInsert> = { providerState: next as unknown as Record<string, unknown>, status, updatedAt: now };
    if (input.event.type === "verification") {
      update.scopeResults = scopeResultsFor(next, row.requiredScopes, row.optionalScopes);
      update.lastCheckedAt = now;
    }
    await tx.update(connections).set(update).where(eq(connections.id, row.id));

    const missingNames = missingPermissionNames(next);
    await emitEvent(tx, {
      workspaceId: input.workspaceId,
      type: eventTypeFor[next.state],
      connectionId: row.id,
      payload: {
        connection_id: row.id,
        provider: "justworks",
        end_user: { id: row.endUserId },
        status,
        provider_state: next.state,
        service_user: next.serviceUser,
        ...(next.state === "permissions_missing" ? { missing_permissions: next.missingPermissions, missing_permission_names: missingNames } : {}),
      },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: `connection.justworks_${input.event.type}`,
      target: { type: "connection", id: row.id },
      reason: input.reason,
      details: { from: current.state, to: next.state, ...(input.event.type === "verification" ? { granted: next.grantedPermissions, missing: next.missingPermissions } : {}) },
    });
    return { connectionId: row.id, state: next, status, missingPermissions: missingNames };
  });
}

/** What the wizard shows when the link is reopened. */
export function justworksView(providerState: unknown): { firstName: string; email: string; state: JustworksStateName; missingPermissions: string[] } | undefined {
  const s = parseJustworksState(providerState);
  if (!s) return undefined;
  return { firstName: s.serviceUser.firstName, email: s.serviceUser.email, state: s.state, missingPermissions: missingPermissionNames(s) };
}
