// Justworks' service-user flow, registered in lib/providers/flows.ts: the identity to invite
// (service-user.ts), the pure state machine (state.ts), the status report's `justworks` field,
// the outbox events, the dashboard's actions and the wizard's texts. No database here: the
// lifecycle (lib/connections) applies a move in its transaction with these hooks.
import { z } from "zod";
import type { ServiceUserFlow, ServiceUserState, ServiceUserView } from "@/lib/providers/flows";
import {
  justworksPermissionIds,
  justworksPermissions,
  parseJustworksPermission,
  permissionsForScopes,
  type JustworksPermissionId,
} from "@/lib/providers/justworks/permissions";
import { justworksServiceUser, JustworksSetupError } from "@/lib/providers/justworks/service-user";
import { readJustworksSettings } from "@/lib/providers/justworks/settings";
import {
  applyJustworksEvent,
  canApply,
  connectionStatusFor,
  createJustworksState,
  missingPermissionNames,
  parseJustworksState,
  type JustworksEvent,
  type JustworksProviderState,
  type JustworksStateName,
} from "@/lib/providers/justworks/state";
import { providerText } from "@/lib/providers/text";
import type { ScopeId } from "@/lib/providers/types";

const asState = (s: ServiceUserState) => s as unknown as JustworksProviderState;
const generic = (s: JustworksProviderState) => s as unknown as ServiceUserState;

const eventTypeFor: Record<JustworksStateName, `justworks.${string}`> = {
  awaiting_invitation: "justworks.invitation_sent",
  invitation_accepted: "justworks.invitation_accepted",
  verified: "justworks.verified",
  permissions_missing: "justworks.permissions_missing",
};

/** Every outbox event type this flow emits (lib/handoff/outbox.ts lists them). */
export const justworksEventTypes = Object.values(eventTypeFor);

const grantedList = z.array(z.enum(justworksPermissionIds)).max(justworksPermissionIds.length);

const statusUpdateSchema = z
  .object({
    invitation_accepted: z.boolean().optional().describe("The service user accepted the invitation."),
    granted_permissions: grantedList.optional().describe("Which of the six permissions the service user has."),
  })
  .strict();

const dashboardInput = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("accept"), reason: z.string().trim().max(500).optional() }),
    z.object({ action: z.literal("verify"), granted: grantedList, reason: z.string().trim().max(500).optional() }),
  ])
  .transform((v) => ({
    event: (v.action === "accept" ? { type: "invitation_accepted" } : { type: "verification", granted: v.granted }) as JustworksEvent,
    ...(v.reason ? { reason: v.reason } : {}),
  }));

const tones: Record<JustworksStateName, ServiceUserView["tone"]> = {
  awaiting_invitation: "info",
  invitation_accepted: "info",
  verified: "success",
  permissions_missing: "warning",
};

export const justworksFlow: ServiceUserFlow = {
  kind: "service_user",
  provider: "justworks",
  serviceUser: ({ workspace, seed, existing }) =>
    justworksServiceUser({
      settings: readJustworksSettings((workspace.providerSettings as Record<string, unknown> | undefined)?.justworks),
      seed,
      existing: existing ?? null,
    }),
  setupErrorText: (e) => (e instanceof JustworksSetupError ? e.localized : undefined),
  parseState: (raw) => {
    const s = parseJustworksState(raw);
    return s ? generic(s) : undefined;
  },
  createState: ({ serviceUser, requiredScopes, now }) => generic(createJustworksState({ serviceUser, requiredPermissions: permissionsForScopes(requiredScopes), now })),
  invitationEventType: eventTypeFor.awaiting_invitation,
  eventTypes: justworksEventTypes,
  event: (state) => {
    const s = asState(state);
    return {
      type: eventTypeFor[s.state],
      payload: {
        provider_state: s.state,
        service_user: s.serviceUser,
        ...(s.state === "permissions_missing" ? { missing_permissions: s.missingPermissions, missing_permission_names: missingPermissionNames(s) } : {}),
      },
    };
  },
  statusField: "justworks",
  statusUpdateSchema,
  eventsFromStatusUpdate: (state, update) => {
    const u = statusUpdateSchema.parse(update);
    const events: JustworksEvent[] = [];
    if (u.invitation_accepted && state.state === "awaiting_invitation") events.push({ type: "invitation_accepted" });
    if (u.granted_permissions) events.push({ type: "verification", granted: u.granted_permissions });
    return events;
  },
  dashboardInputSchema: dashboardInput,
  eventFromCli: (flags) => {
    if (flags.accepted) return { type: "invitation_accepted" };
    if (flags.resent) return { type: "invitation_resent" };
    if (flags.granted !== undefined) {
      const names = flags.granted === "true" ? [] : flags.granted.split(",").map((s) => s.trim()).filter(Boolean);
      const granted: JustworksPermissionId[] = [];
      for (const n of names) {
        const p = parseJustworksPermission(n);
        if (!p) throw new Error(`Unknown Justworks permission: ${n}`);
        granted.push(p);
      }
      return { type: "verification", granted };
    }
    throw new Error('Give one of --accepted, --granted "…" or --resent');
  },
  applyStatusUpdate: (state, event, now) => generic(applyJustworksEvent(asState(state), event as JustworksEvent, now)),
  connectionStatus: (state) => connectionStatusFor(asState(state).state),
  scopeResults: (state, required, optional) => {
    const granted = new Set<JustworksPermissionId>(asState(state).grantedPermissions ?? []);
    const out: ReturnType<ServiceUserFlow["scopeResults"]> = {};
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
  },
  missingPermissionNames: (state) => missingPermissionNames(asState(state)),
  auditDetails: (from, to, event) => {
    const next = asState(to);
    return { from: from.state, to: next.state, ...(event.type === "verification" ? { granted: next.grantedPermissions, missing: next.missingPermissions } : {}) };
  },
  view: ({ serviceUser, lang, workspaceName, connectionId, state }) => {
    const s = state ? asState(state) : undefined;
    const t = (key: string, values?: Record<string, string>) => providerText("justworks", `wizard.${key}`, values)[lang];
    const name = s?.state ?? "awaiting_invitation";
    const missing = s ? missingPermissionNames(s) : [];
    return {
      provider: "justworks",
      firstName: serviceUser.firstName,
      email: serviceUser.email,
      ...(connectionId ? { connectionId } : {}),
      // A saved connection always shows its state; without a stored one it is still awaiting.
      ...(s || connectionId ? { state: name } : {}),
      tone: tones[name],
      ...(missing.length ? { missingPermissions: missing } : {}),
      texts: {
        title: t("serviceUserTitle"),
        help: t("serviceUserHelp"),
        firstName: t("firstName"),
        email: t("email"),
        copy: t("copy"),
        copied: t("copied"),
        copyFirstName: t("copyLabel", { what: t("firstName") }),
        copyEmail: t("copyLabel", { what: t("email") }),
        sent: t("sent"),
        permissionsTitle: t("permissionsTitle"),
        stateTitle: t("stateTitle"),
        stateIntro: t("stateIntro", { workspace: workspaceName }),
        stateText: t(`state_${name}`, { workspace: workspaceName }),
      },
    };
  },
  dashboard: {
    actions: [
      { action: "accept", event: "invitation_accepted", label: "dashboard.actions.accept", available: (state) => canApply(state as JustworksStateName, "invitation_accepted") },
      { action: "verify", event: "verification", label: "dashboard.actions.verify", available: (state) => canApply(state as JustworksStateName, "verification"), checklist: true },
    ],
    permissions: justworksPermissions.map((p) => ({ id: p.id, name: p.name })),
    granted: (state) => [...(asState(state).grantedPermissions ?? [])],
  },
};
