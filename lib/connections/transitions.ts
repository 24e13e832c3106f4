// Moving a connection through its provider's service-user flow (a service user invited, accepted,
// verified), for the API's status intake, the dashboard and the CLI: one transaction locks the
// connection, asks the flow's pure state machine (lib/providers/flows.ts, reached by the
// connection's provider) for the transition, stores the new `provider_state`, the status the flow
// gives it and the per-scope results, emits the state's event into the outbox and writes the audit
// entry. Nothing slow happens inside the transaction.
// Used by the CLI, which runs outside Next, hence no "server-only" here.
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emitEvent, type EventType } from "@/lib/handoff/outbox";
import { getServiceUserFlow, type ServiceUserEvent } from "@/lib/providers/flows";
import { lockConnection, updateConnection } from "@/lib/connections/queries";

export type TransitionResult = { connectionId: string; state: string; status: "pending" | "active" | "needs_attention"; missing: string[]; providerState: Record<string, unknown> };

export async function applyProviderTransition(
  db: Db,
  input: { workspaceId: string; connectionId: string; event: ServiceUserEvent; actor: Actor; reason?: string; now?: Date },
): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockConnection(tx, input.workspaceId, input.connectionId);
    const flow = row ? getServiceUserFlow(row.provider) : undefined;
    if (!row || !flow) throw new AppError("not_found", "No connection with a service user exists under this id in this workspace.");
    const current = flow.parseState(row.providerState);
    if (!current) throw new AppError("conflict", "This connection has no invitation yet: the customer has not finished the wizard.");
    const next = flow.applyStatusUpdate(current, input.event, now); // throws a 409 AppError when the flow refuses the move
    const status = flow.connectionStatus(next);
    const verified = input.event.type === "verification";
    await updateConnection(tx, row.workspaceId, row.id, {
      providerState: next,
      status,
      updatedAt: now,
      ...(verified ? { scopeResults: flow.scopeResults(next, row.requiredScopes, row.optionalScopes), lastCheckedAt: now } : {}),
    });
    const event = flow.event(next);
    await emitEvent(tx, {
      workspaceId: input.workspaceId,
      type: event.type as EventType,
      connectionId: row.id,
      payload: { connection_id: row.id, provider: flow.provider, end_user: { id: row.endUserId }, status, ...event.payload },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: `connection.${flow.provider}_${input.event.type}`,
      target: { type: "connection", id: row.id },
      reason: input.reason,
      details: flow.auditDetails(current, next, input.event),
    });
    return { connectionId: row.id, state: next.state, status, missing: flow.missingPermissionNames(next), providerState: next };
  });
}
