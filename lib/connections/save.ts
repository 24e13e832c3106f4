// Saving what the wizard has checked. The provider check happens BEFORE and OUTSIDE the
// transaction (a slow provider must never hold one open, and the embedded PGlite is one session:
// see NOTES.md); then one short transaction writes the connection, its sealed credential, the
// outbox event, the audit entry, the check run and the session's use. Inside it only `tx` is used.
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import { markSessionUsed } from "@/lib/connect/session";
import type { Db, DbOrTx } from "@/lib/db";
import {
  checkRuns,
  connections,
  connectSessions,
  type CheckTrigger,
  type ConnectSession,
  type Connection,
  type ScopeResult,
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

type ScopeResults = Record<string, ScopeResult & { latencyMs?: number }>;

export function scopeResultsOf(check: CheckResult): ScopeResults {
  const out: ScopeResults = {};
  for (const s of check.scopes) {
    out[s.scope] = {
      status: s.status,
      required: s.required,
      ...(s.providerStatus !== undefined ? { providerStatus: s.providerStatus } : {}),
      ...(s.detail ? { detail: s.detail.en } : {}),
      ...(s.latencyMs !== undefined ? { latencyMs: s.latencyMs } : {}),
    };
  }
  return out;
}

/** A check may be saved when it authenticated and no required scope is missing or unknown. */
export function isSavable(check: CheckResult): boolean {
  if (check.outcome !== "ok" && check.outcome !== "missing_scopes") return false;
  return check.scopes.every((s) => !s.required || s.status === "granted");
}

function withoutLatency(results: ScopeResults): Record<string, ScopeResult> {
  return Object.fromEntries(Object.entries(results).map(([k, { latencyMs: _l, ...rest }]) => [k, rest]));
}

/** A check that saved nothing (wrong key, missing permission, provider down), for support's history. */
export async function recordCheckRun(
  db: DbOrTx,
  input: { workspaceId: string; provider: string; check: CheckResult; sessionId?: string | null; connectionId?: string | null; trigger?: CheckTrigger },
): Promise<string> {
  const id = newId("chk");
  await db.insert(checkRuns).values({
    id,
    workspaceId: input.workspaceId,
    connectionId: input.connectionId ?? null,
    sessionId: input.sessionId ?? null,
    provider: input.provider,
    trigger: input.trigger ?? "wizard",
    outcome: input.check.outcome,
    scopeResults: scopeResultsOf(input.check),
    authStatus: input.check.authStatus ?? null,
    durationMs: Math.max(0, Math.round(input.check.durationMs)),
  });
  return id;
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

  const results = scopeResultsOf(check);
  const optionalMissing = check.scopes.filter((s) => !s.required && s.status !== "granted").map((s) => s.scope);
  const now = new Date();
  const reconnect = session.mode === "reconnect";

  return db.transaction(async (tx) => {
    let connectionId: string;
    if (reconnect) {
      if (!session.connectionId) throw new AppError("invalid_input", "This reconnect session names no connection.");
      const updated = await tx
        .update(connections)
        .set({
          status: "active",
          accountLabel: check.accountLabel ?? null,
          scopeResults: withoutLatency(results),
          requiredScopes: input.requiredScopes,
          optionalScopes: input.optionalScopes,
          lastCheckedAt: now,
          updatedAt: now,
        })
        .where(
          and(
            eq(connections.id, session.connectionId),
            eq(connections.workspaceId, workspace.id),
            eq(connections.provider, provider.id),
            isNull(connections.deletedAt),
          ),
        )
        .returning({ id: connections.id });
      if (!updated.length) throw new AppError("not_found", "The connection to reconnect no longer exists.");
      connectionId = updated[0]!.id;
    } else {
      connectionId = newId("conn");
      await tx.insert(connections).values({
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
        scopeResults: withoutLatency(results),
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

    await recordCheckRun(tx, { workspaceId: workspace.id, provider: provider.id, check, sessionId: session.id, connectionId });
    await markSessionUsed(tx, session.id);
    if (!reconnect) {
      // Remember what the session created, so that a reopened link can show it (a service user's state).
      await tx.update(connectSessions).set({ connectionId }).where(eq(connectSessions.id, session.id));
    }

    return { connectionId, provider: provider.id, status: "active" as const, version: sealed.version, mode: reconnect ? "reconnect" : "create", optionalMissing };
  });
}

/**
 * A service-user flow (lib/providers/flows.ts): nothing secret is typed. "I have sent the
 * invitation" creates the connection in `pending`, with the flow's initial state (the service user
 * the admin invited).
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
  const { session, workspace, actor, flow } = input;
  if (session.workspaceId !== workspace.id) throw new AppError("forbidden", "The session belongs to another workspace.");
  const now = new Date();
  const reconnect = session.mode === "reconnect" && !!session.connectionId;
  const providerState: Record<string, unknown> = input.providerState;
  const serviceUser = input.providerState.serviceUser;
  return db.transaction(async (tx) => {
    let connectionId: string;
    if (reconnect) {
      const updated = await tx
        .update(connections)
        .set({ status: "pending", providerState, updatedAt: now })
        .where(and(eq(connections.id, session.connectionId!), eq(connections.workspaceId, workspace.id), eq(connections.provider, flow.provider), isNull(connections.deletedAt)))
        .returning({ id: connections.id });
      if (!updated.length) throw new AppError("not_found", "The connection to reconnect no longer exists.");
      connectionId = updated[0]!.id;
    } else {
      connectionId = newId("conn");
      await tx.insert(connections).values({
        id: connectionId,
        workspaceId: workspace.id,
        endUserId: session.endUserId,
        endUserName: session.endUserName,
        endUserEmail: session.endUserEmail,
        provider: flow.provider,
        status: "pending",
        requiredScopes: input.requiredScopes,
        optionalScopes: input.optionalScopes,
        providerState,
      });
    }
    await emitEvent(tx, {
      workspaceId: workspace.id,
      type: flow.invitationEventType as EventType,
      connectionId,
      payload: {
        connection_id: connectionId,
        provider: flow.provider,
        end_user: { id: session.endUserId, name: session.endUserName, email: session.endUserEmail },
        status: "pending",
        provider_state: input.providerState.state,
        service_user: serviceUser,
      },
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor,
      action: `connection.${flow.provider}_invitation_sent`,
      target: { type: "connection", id: connectionId },
      details: { provider: flow.provider, sessionId: session.id, serviceUserEmail: serviceUser.email },
    });
    await markSessionUsed(tx, session.id);
    if (!reconnect) await tx.update(connectSessions).set({ connectionId }).where(eq(connectSessions.id, session.id));
    return { connectionId, provider: flow.provider, status: "pending" as const, version: null, mode: reconnect ? "reconnect" : "create", optionalMissing: [] };
  });
}
