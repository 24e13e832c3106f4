// Saving what the wizard has checked. The provider check happens BEFORE and OUTSIDE the
// transaction (a slow provider must never hold one open, and the embedded PGlite is one session:
// see docs/platform-notes.md); then one short transaction writes the connection, its sealed credential, the
// outbox event, the audit entry, the check run and the session's use. Inside it only `tx` is used.
import "server-only";
import { recordAudit, type Actor } from "@/lib/audit";
import { recordCheckRun, storedOptionalMissing, storedScopeResultsOf } from "@/lib/connections/check-results";
import { insertConnection, linkSessionToConnection, lockConnection, updateConnection } from "@/lib/connections/queries";
import { applyCheckResult } from "@/lib/connections/recheck";
import { decideStatus, type RuleDecision } from "@/lib/connections/status-rule";
import { markSessionUsed } from "@/lib/connect/session";
import type { Db } from "@/lib/db";
import {
  type ConnectSession,
  type Connection,
  type Workspace,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { emitEvent, type EventType } from "@/lib/handoff/outbox";
import { providerLifecycle } from "@/lib/providers/lifecycle";
import { newId } from "@/lib/ids";
import type { CheckResult, ProviderDefinition } from "@/lib/providers/types";
import { sealCredential } from "@/lib/vault";

export type SavedConnection = {
  connectionId: string;
  provider: string;
  status: Connection["status"];
  /** The credential's version (1 for a new connection). */
  version: number | null;
  mode: "create" | "reconnect";
  /** Optional scopes that were missing (saved anyway, with a note). */
  optionalMissing: string[];
};

/** A check may be saved when the status rule would not refuse it (status-rule.ts): it authenticated and every required scope is granted. */
export function isSavable(check: CheckResult): boolean {
  return decideStatus({ subject: "new", from: null, check, previousOptionalMissing: [] }).action !== "refuse";
}

/**
 * Save a checked credential from the wizard: a new connection (mode create) or a new credential
 * version of the session's connection (mode reconnect). `values` are the plaintext fields; only
 * the vault keeps them. Throws `missing_scopes` if the check does not allow saving, and the
 * session errors if the session was used or expired meanwhile (then nothing is written).
 */
export async function saveCheckedConnection(
  db: Db,
  input: {
    session: ConnectSession;
    workspace: Workspace;
    provider: ProviderDefinition;
    values: Record<string, string>;
    check: CheckResult;
    actor: Actor;
    requiredScopes: string[];
    optionalScopes: string[];
  },
): Promise<SavedConnection> {
  const { session, workspace, provider, check, actor } = input;
  if (check.provider !== provider.id) throw new AppError("invalid_input", "The check is for another provider.");
  if (!isSavable(check)) throw new AppError("missing_scopes", "Required permissions are missing; nothing was saved.");
  if (session.workspaceId !== workspace.id) throw new AppError("forbidden", "The session belongs to another workspace.");

  const results = storedScopeResultsOf(check);
  const optionalMissing = check.scopes.filter((s) => !s.required && s.status !== "granted").map((s) => s.scope);
  const now = new Date();
  const reconnect = session.mode === "reconnect";

  return db.transaction(async (tx) => {
    let connectionId: string;
    // The status rule decides the reconnect's events as for any other check (status-rule.ts).
    let reconnected: { previous: Connection; decision: RuleDecision } | undefined;
    if (reconnect) {
      if (!session.connectionId) throw new AppError("invalid_input", "This reconnect session names no connection.");
      const previous = await lockConnection(tx, workspace.id, session.connectionId);
      if (!previous || previous.provider !== provider.id) throw new AppError("not_found", "The connection to reconnect no longer exists.");
      const decision = decideStatus({ subject: "new", from: previous.status, check, previousOptionalMissing: storedOptionalMissing(previous.scopeResults) });
      await updateConnection(tx, workspace.id, previous.id, {
        status: decision.status ?? "active",
        accountLabel: check.accountLabel ?? null,
        scopeResults: results,
        requiredScopes: input.requiredScopes,
        optionalScopes: input.optionalScopes,
        lastCheckedAt: now,
        updatedAt: now,
      });
      connectionId = previous.id;
      reconnected = { previous, decision };
    } else {
      connectionId = newId("conn");
      await insertConnection(tx, {
        id: connectionId,
        workspaceId: workspace.id,
        endUserId: session.endUserId,
        endUserName: session.endUserName,
        endUserEmail: session.endUserEmail,
        provider: provider.id,
        status: "active",
        accountLabel: check.accountLabel ?? null,
        requiredScopes: input.requiredScopes,
        optionalScopes: input.optionalScopes,
        providerOptions: (session.providerOptions?.[provider.id] as Record<string, unknown> | undefined) ?? {},
        scopeResults: results,
        lastCheckedAt: now,
      });
    }

    const sealed = await sealCredential(tx, {
      workspaceId: workspace.id,
      connectionId,
      provider: provider.id,
      values: input.values,
      fingerprintField: provider.fingerprintField,
      actor,
    });

    const payload = {
      connection_id: connectionId,
      provider: provider.id,
      end_user: { id: session.endUserId, name: session.endUserName, email: session.endUserEmail },
      status: "active",
      account_label: check.accountLabel ?? null,
      scopes: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { status: v.status, required: v.required }])),
      credential_version: sealed.version,
    };
    await emitEvent(tx, { workspaceId: workspace.id, type: reconnect ? "connection.updated" : "connection.created", connectionId, payload });

    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor,
      action: reconnect ? "connection.reconnected" : "connection.created",
      target: { type: "connection", id: connectionId },
      details: {
        provider: provider.id,
        sessionId: session.id,
        credentialVersion: sealed.version,
        fingerprint: sealed.fingerprint,
        optionalMissing,
      },
    });

    if (reconnected) await applyCheckResult(tx, { connection: reconnected.previous, check, decision: reconnected.decision, trigger: "wizard", actor, audit: null });

    await recordCheckRun(tx, { workspaceId: workspace.id, provider: provider.id, check, sessionId: session.id, connectionId });
    await markSessionUsed(tx, session.id);
    // Remember what the session created, so that a reopened link can show it (Justworks state).
    if (!reconnect) await linkSessionToConnection(tx, session.id, connectionId);

    return { connectionId, provider: provider.id, status: "active" as const, version: sealed.version, mode: reconnect ? "reconnect" : "create", optionalMissing };
  });
}

/**
 * A provider with a service user (nothing secret is typed): the wizard's last step ("I have sent
 * the invitation") creates the connection, or restarts a reconnected one, in the first state of the
 * provider's state machine (lib/providers/lifecycle.ts), normally `pending`.
 */
export async function saveInvitation(
  db: Db,
  input: {
    session: ConnectSession;
    workspace: Workspace;
    provider: string;
    serviceUser: { firstName: string; email: string };
    requiredScopes: string[];
    optionalScopes: string[];
    actor: Actor;
    /** Extra provider state from the provider's folder (merged in). */
    providerState?: Record<string, unknown>;
  },
): Promise<SavedConnection> {
  const { session, workspace, actor, provider } = input;
  if (session.workspaceId !== workspace.id) throw new AppError("forbidden", "The session belongs to another workspace.");
  const lifecycle = providerLifecycle(provider);
  if (!lifecycle) throw new AppError("invalid_input", "This provider has no invitation step.");
  const now = new Date();
  const reconnect = session.mode === "reconnect" && !!session.connectionId;
  const started = lifecycle.start({ providerState: input.providerState, serviceUser: input.serviceUser, now });
  return db.transaction(async (tx) => {
    let connectionId: string;
    if (reconnect) {
      const previous = await lockConnection(tx, workspace.id, session.connectionId!);
      if (!previous || previous.provider !== provider) throw new AppError("not_found", "The connection to reconnect no longer exists.");
      await updateConnection(tx, workspace.id, previous.id, { status: started.status, providerState: started.providerState, updatedAt: now });
      connectionId = previous.id;
    } else {
      connectionId = newId("conn");
      await insertConnection(tx, {
        id: connectionId,
        workspaceId: workspace.id,
        endUserId: session.endUserId,
        endUserName: session.endUserName,
        endUserEmail: session.endUserEmail,
        provider,
        status: started.status,
        requiredScopes: input.requiredScopes,
        optionalScopes: input.optionalScopes,
        providerState: started.providerState,
      });
    }
    await emitEvent(tx, {
      workspaceId: workspace.id,
      type: started.event.type as EventType,
      connectionId,
      payload: {
        connection_id: connectionId,
        provider,
        end_user: { id: session.endUserId, name: session.endUserName, email: session.endUserEmail },
        status: started.status,
        ...started.event.payload,
      },
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor,
      action: started.audit.action,
      target: { type: "connection", id: connectionId },
      details: { provider, sessionId: session.id, ...started.audit.details },
    });
    await markSessionUsed(tx, session.id);
    if (!reconnect) await linkSessionToConnection(tx, session.id, connectionId);
    return { connectionId, provider, status: started.status as SavedConnection["status"], version: null, mode: reconnect ? "reconnect" : "create", optionalMissing: [] };
  });
}
