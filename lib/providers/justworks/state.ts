// The Justworks service-user state machine. Pure: no database, no clock unless given one.
//
//   awaiting_invitation ──invitation_accepted──▶ invitation_accepted ──verification──▶ verified
//                                                                     └─────────────▶ permissions_missing
//   verified / permissions_missing ──verification──▶ verified | permissions_missing   (re-checks)
//   any state ──invitation_resent──▶ awaiting_invitation   (the customer removed the user; invite again)
//
// A verification reports which of the six admin permissions the service user holds; the result is
// `verified` when every required one is held, else `permissions_missing` naming the others. Any
// other move (verifying before the invitation was accepted, accepting twice, …) is refused with a
// `JustworksTransitionError` that says why in English and German. The state lives in
// `connections.provider_state` (jsonb) in the shape `JustworksProviderState` below, which extends
// what `saveJustworksInvitation` writes (`state`, `serviceUser`, `invitationSentAt`).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  justworksPermission,
  justworksPermissionIds,
  type JustworksPermissionId,
} from "@/lib/providers/justworks/permissions";
import { providerTextEach, providerText, quotedList } from "@/lib/providers/text";
import type { Localized } from "@/lib/providers/types";

export const justworksStates = ["awaiting_invitation", "invitation_accepted", "verified", "permissions_missing"] as const;
export type JustworksStateName = (typeof justworksStates)[number];

export type JustworksEvent =
  | { type: "invitation_accepted" }
  | { type: "verification"; granted: readonly JustworksPermissionId[] }
  | { type: "invitation_resent" };
export type JustworksEventType = JustworksEvent["type"];

const HISTORY_LIMIT = 50;

const permissionId = z.enum(justworksPermissionIds);

export const justworksProviderStateSchema = z.object({
  state: z.enum(justworksStates),
  serviceUser: z.object({ firstName: z.string(), email: z.string() }),
  /** What a verification must find; default: all six. */
  requiredPermissions: z.array(permissionId).default([...justworksPermissionIds]),
  invitationSentAt: z.string(),
  invitationAcceptedAt: z.string().optional(),
  /** The last verification, whatever its result. */
  verifiedAt: z.string().optional(),
  grantedPermissions: z.array(permissionId).optional(),
  missingPermissions: z.array(permissionId).optional(),
  history: z
    .array(z.object({ state: z.enum(justworksStates), event: z.enum(["created", "invitation_accepted", "verification", "invitation_resent"]), at: z.string() }))
    .default([]),
});
export type JustworksProviderState = z.infer<typeof justworksProviderStateSchema>;

/** Reads `connections.provider_state`; undefined when it is not (or no longer) a Justworks state. */
export function parseJustworksState(raw: unknown): JustworksProviderState | undefined {
  const parsed = justworksProviderStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function createJustworksState(input: {
  serviceUser: { firstName: string; email: string };
  requiredPermissions?: readonly JustworksPermissionId[];
  now?: Date;
}): JustworksProviderState {
  const at = (input.now ?? new Date()).toISOString();
  const required = input.requiredPermissions?.length ? input.requiredPermissions : justworksPermissionIds;
  return {
    state: "awaiting_invitation",
    serviceUser: { ...input.serviceUser },
    requiredPermissions: justworksPermissionIds.filter((p) => required.includes(p)),
    invitationSentAt: at,
    history: [{ state: "awaiting_invitation", event: "created", at }],
  };
}

/** The state's name for people, in every language. */
export function justworksStateLabel(state: JustworksStateName): Localized {
  return providerText("justworks", `states.${state}`);
}

/** A refused transition: HTTP 409 through the API wrapper, with the reason in both languages. */
export class JustworksTransitionError extends AppError {
  readonly localized: Localized;
  constructor(
    readonly from: JustworksStateName,
    readonly event: JustworksEventType,
    localized: Localized,
  ) {
    super("conflict", localized.en);
    this.name = "JustworksTransitionError";
    this.localized = localized;
  }
}

function refuse(from: JustworksStateName, event: JustworksEventType): never {
  const state = justworksStateLabel(from);
  throw new JustworksTransitionError(from, event, providerTextEach("justworks", `refused.${event}`, (lang) => ({ state: state[lang] })));
}

/** Is `event` allowed in `state`? (For buttons in the dashboard.) */
export function canApply(state: JustworksStateName, event: JustworksEventType): boolean {
  switch (event) {
    case "invitation_accepted":
      return state === "awaiting_invitation";
    case "verification":
      return state !== "awaiting_invitation";
    case "invitation_resent":
      return true;
  }
}

/** The next state. Pure: returns a new object; throws `JustworksTransitionError` when refused. */
export function applyJustworksEvent(current: JustworksProviderState, event: JustworksEvent, now: Date = new Date()): JustworksProviderState {
  if (!canApply(current.state, event.type)) refuse(current.state, event.type);
  const at = now.toISOString();
  const record = (state: JustworksStateName) => [...current.history, { state, event: event.type, at }].slice(-HISTORY_LIMIT);
  switch (event.type) {
    case "invitation_accepted":
      return { ...current, state: "invitation_accepted", invitationAcceptedAt: at, history: record("invitation_accepted") };
    case "verification": {
      const granted = justworksPermissionIds.filter((p) => event.granted.includes(p));
      const missing = current.requiredPermissions.filter((p) => !granted.includes(p));
      const state: JustworksStateName = missing.length ? "permissions_missing" : "verified";
      return { ...current, state, verifiedAt: at, grantedPermissions: granted, missingPermissions: missing, history: record(state) };
    }
    case "invitation_resent": {
      const next: JustworksProviderState = { ...current, state: "awaiting_invitation", invitationSentAt: at, history: record("awaiting_invitation") };
      delete next.invitationAcceptedAt;
      delete next.verifiedAt;
      delete next.grantedPermissions;
      delete next.missingPermissions;
      return next;
    }
  }
}

/** The connection status that goes with a state. */
export function connectionStatusFor(state: JustworksStateName): "pending" | "active" | "needs_attention" {
  if (state === "verified") return "active";
  if (state === "permissions_missing") return "needs_attention";
  return "pending";
}

/** Justworks' own names of the missing permissions, for people. */
export function missingPermissionNames(state: JustworksProviderState): string[] {
  return (state.missingPermissions ?? []).map((p) => justworksPermission(p).name);
}

/** What the state means for the admin who invited the user, in both languages. */
export function justworksStateMessage(state: JustworksProviderState): Localized {
  const email = state.serviceUser.email;
  const names = missingPermissionNames(state);
  return providerTextEach("justworks", `stateMessages.${state.state}`, (lang) => ({ email, names: quotedList(names, lang) }));
}
