// Moving a connection through its provider's state machine (a service user invited, accepted,
// verified), for the API's status intake, the dashboard and the CLI: one transaction locks the
// connection, asks the provider's pure machine (lib/providers/lifecycle.ts) for the transition,
// stores the new `provider_state`, the matching status and per-scope results, emits the state's
// event into the outbox and writes the audit entry. Nothing slow happens inside the transaction.
// Used by the CLI, which runs outside Next, hence no "server-only" here.
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emitEvent, type EventType } from "@/lib/handoff/outbox";
import { providerLifecycle } from "@/lib/providers/lifecycle";
import { lockConnection, updateConnection } from "@/lib/connections/queries";

export type TransitionResult = { connectionId: string; state: string; status: "pending" | "active" | "needs_attention"; missing: string[]; providerState: Record<string, unknown> };

export async function applyProviderTransition(
  db: Db,
  input: { workspaceId: string; connectionId: string; event: { type: string; [key: string]: unknown }; actor: Actor; reason?: string; now?: Date },
): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockConnection(tx, input.workspaceId, input.connectionId);
    const lifecycle = row ? providerLifecycle(row.provider) : undefined;
    if (!row || !lifecycle) throw new AppError("not_found", "No connection with a provider state machine exists under this id in this workspace.");
    const t = lifecycle.apply(row.providerState, input.event, {
      connectionId: row.id,
      endUserId: row.endUserId,
      requiredScopes: row.requiredScopes,
      optionalScopes: row.optionalScopes,
      now,
    });
    await updateConnection(tx, row.workspaceId, row.id, {
      providerState: t.providerState,
      status: t.status,
      updatedAt: now,
      ...(t.scopeResults ? { scopeResults: t.scopeResults, lastCheckedAt: now } : {}),
    });
    await emitEvent(tx, { workspaceId: input.workspaceId, type: t.event.type as EventType, connectionId: row.id, payload: t.event.payload });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: t.audit.action,
      target: { type: "connection", id: row.id },
      reason: input.reason,
      details: t.audit.details,
    });
    return { connectionId: row.id, state: t.stateName, status: t.status, missing: t.missing, providerState: t.providerState };
  });
}
