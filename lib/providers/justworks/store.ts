// What a Justworks transition means for its connection, pure: the next state (state.ts), the
// connection status and per-scope results it implies, the outbox event and the audit entry.
// lib/connections/transitions.ts applies it in one transaction and persists it; nothing here
// touches the database.
import type { ScopeResult } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ProviderLifecycle } from "@/lib/providers/lifecycle";
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

const eventTypeFor: Record<JustworksStateName, string> = {
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

/** The state machine as lib/connections applies it (lib/providers/lifecycle.ts). Pure. */
export const justworksLifecycle: ProviderLifecycle<JustworksEvent> = {
  start: ({ providerState, serviceUser, now }) => ({
    providerState: { ...providerState, state: "awaiting_invitation", serviceUser, invitationSentAt: now.toISOString() },
    status: "pending",
    stateName: "awaiting_invitation",
    event: { type: eventTypeFor.awaiting_invitation, payload: { provider_state: "awaiting_invitation", service_user: serviceUser } },
    audit: { action: "connection.justworks_invitation_sent", details: { serviceUserEmail: serviceUser.email } },
  }),
  hasState: (raw) => parseJustworksState(raw) !== undefined,
  apply(raw, event, ctx) {
    const current = parseJustworksState(raw);
    if (!current) throw new AppError("conflict", "This Justworks connection has no invitation yet: the customer has not finished the wizard.");
    const next = applyJustworksEvent(current, event, ctx.now); // throws JustworksTransitionError (409)
    const status = connectionStatusFor(next.state);
    const missingNames = missingPermissionNames(next);
    return {
      providerState: next as unknown as Record<string, unknown>,
      status,
      ...(event.type === "verification" ? { scopeResults: scopeResultsFor(next, ctx.requiredScopes, ctx.optionalScopes) } : {}),
      event: {
        type: eventTypeFor[next.state],
        payload: {
          connection_id: ctx.connectionId,
          provider: "justworks",
          end_user: { id: ctx.endUserId },
          status,
          provider_state: next.state,
          service_user: next.serviceUser,
          ...(next.state === "permissions_missing" ? { missing_permissions: next.missingPermissions, missing_permission_names: missingNames } : {}),
        },
      },
      audit: {
        action: `connection.justworks_${event.type}`,
        details: { from: current.state, to: next.state, ...(event.type === "verification" ? { granted: next.grantedPermissions, missing: next.missingPermissions } : {}) },
      },
      stateName: next.state,
      missing: missingNames,
    };
  },
};

/** What the wizard shows when the link is reopened. */
export function justworksView(providerState: unknown): { firstName: string; email: string; state: JustworksStateName; missingPermissions: string[] } | undefined {
  const s = parseJustworksState(providerState);
  if (!s) return undefined;
  return { firstName: s.serviceUser.firstName, email: s.serviceUser.email, state: s.state, missingPermissions: missingPermissionNames(s) };
}
