// Saving what the wizard has checked. The provider check happens BEFORE and OUTSIDE the
// transaction (a slow provider must never hold one open, and the embedded PGlite is one session:
// see docs/platform-notes.md); then one short transaction writes the connection, its sealed credential, the
// outbox event, the audit entry, the check run and the session's use. Inside it only `tx` is used.
import "server-only";
import { recordAudit, type Actor } from "@/lib/audit";
import { applyCheckResult, recordCheckRun, storedOptionalMissing, storedScopeResultsOf } from "@/lib/connections/check-results";
import { insertConnection, linkSessionToConnection, lockConnection, updateConnection } from "@/lib/connections/queries";
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
import { newId } from "@/lib/ids";
import type { ServiceUserFlow, ServiceUserState } from "@/lib/providers/flows";
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
    /** The route's state to store on the connection (an OAuth connection's token metadata). */
    providerState?: Record<string, unknown>;
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
        ...(input.providerState ? { providerState: input.providerState } : {}),
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
        ...(input.providerState ? { providerState: input.providerState } : {}),
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
    // Remember what the session created, so that a reopened link can show it (a service user's state).
    if (!reconnect) await linkSessionToConnection(tx, session.id, connectionId);

    return { connectionId, provider: provider.id, status: "active" as const, version: sealed.version, mode: reconnect ? "reconnect" : "create", optionalMissing };
  });
}

/**
 * A service-user flow (lib/providers/flows.ts): nothing secret is typed. "I have sent the
 * invitation" creates the connection, or restarts a reconnected one, in the flow's initial state
 * (the service user the admin invited), with the status the flow gives that state (`pending`).
 */
export async function saveServiceUserInvitation(
  db: Db,
  input: {
    session: ConnectSession;
    workspace: Workspace;
    flow: ServiceUserFlow;
    /** The flow's initial state (`flow.createState`). */
    providerState: ServiceUserState;
    requiredScopes: string[];
    optionalScopes: string[];
    actor: Actor;
  },
): Promise<SavedConnection> {
  const { session, workspace, actor, flow, providerState } = input;
  if (session.workspaceId !== workspace.id) throw new AppError("forbidden", "The session belongs to another workspace.");
  const now = new Date();
  const reconnect = session.mode === "reconnect" && !!session.connectionId;
  const status = flow.connectionStatus(providerState);
  const event = flow.event(providerState);
  return db.transaction(async (tx) => {
    let connectionId: string;
    if (reconnect) {
      const previous = await lockConnection(tx, workspace.id, session.connectionId!);
      if (!previous || previous.provider !== flow.provider) throw new AppError("not_found", "The connection to reconnect no longer exists.");
      await updateConnection(tx, workspace.id, previous.id, { status, providerState, updatedAt: now });
      connectionId = previous.id;
    } else {
      connectionId = newId("conn");
      await insertConnection(tx, {
        id: connectionId,
        workspaceId: workspace.id,
        endUserId: session.endUserId,
        endUserName: session.endUserName,
        endUserEmail: session.endUserEmail,
        provider: flow.provider,
        status,
        requiredScopes: input.requiredScopes,
        optionalScopes: input.optionalScopes,
        providerState,
      });
    }
    await emitEvent(tx, {
      workspaceId: workspace.id,
      type: event.type as EventType,
      connectionId,
      payload: {
        connection_id: connectionId,
        provider: flow.provider,
        end_user: { id: session.endUserId, name: session.endUserName, email: session.endUserEmail },
        status,
        ...event.payload,
      },
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor,
      action: `connection.${flow.provider}_invitation_sent`,
      target: { type: "connection", id: connectionId },
      details: { provider: flow.provider, sessionId: session.id, serviceUserEmail: providerState.serviceUser.email },
    });
    await markSessionUsed(tx, session.id);
    // Remember what the session created, so that a reopened link can show it (a service user's state).
    if (!reconnect) await linkSessionToConnection(tx, session.id, connectionId);
    return { connectionId, provider: flow.provider, status: status as SavedConnection["status"], version: null, mode: reconnect ? "reconnect" : "create", optionalMissing: [] };
  });
}
