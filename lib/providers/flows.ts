// The server-side steps of every flow that is not a credential check, by provider id. Today that
// is the service-user flow (FlowKind "service_user", Justworks): nothing secret is typed; the admin
// invites a service user whose progress is reported later. Save, the status API, the dashboard,
// the CLI and the wizard reach a service-user provider only through `getServiceUserFlow(id)`, and
// dispatch on `definition.flow`. No "server-only" marker: the CLI (`justworks:update`) runs outside
// Next. Never imported by client components.
import type { z } from "zod";
import { justworksFlow } from "@/lib/providers/justworks/flow";
import type { Lang, Localized, ProviderId, ScopeId, TextKey } from "@/lib/providers/types";

export type ServiceUser = { firstName: string; email: string };

/** The workspace row; a flow reads its own settings from it. */
export type ServiceUserWorkspace = Readonly<Record<string, unknown>>;

/** As `connections.scope_results` stores it (lib/db/schema.ts). */
export type ScopeResult = { status: "granted" | "missing" | "unknown"; required: boolean; detail?: string };

export type ConnectionStatusOfFlow = "pending" | "active" | "needs_attention";

/** The state a flow keeps in `connections.provider_state` (jsonb), at least these fields. */
export type ServiceUserState = { state: string; serviceUser: ServiceUser } & Record<string, unknown>;

/** One step of the flow's state machine, e.g. `{ type: "invitation_accepted" }`. */
export type ServiceUserEvent = { type: string } & Record<string, unknown>;

/** What the wizard renders for a service user: plain texts in the reader's language. */
export type ServiceUserView = {
  provider: ProviderId;
  firstName: string;
  email: string;
  /** Set once the invitation was sent (the connection exists). */
  connectionId?: string;
  state?: string;
  tone: "info" | "success" | "warning";
  missingPermissions?: string[];
  texts: {
    title: string;
    help: string;
    firstName: string;
    email: string;
    copy: string;
    copied: string;
    copyFirstName: string;
    copyEmail: string;
    sent: string;
    permissionsTitle: string;
    stateTitle: string;
    stateIntro: string;
    stateText: string;
  };
};

/**
 * A dashboard action the flow offers support staff (e.g. "mark the invitation accepted"). The
 * dashboard posts `{ action, granted? }` (`granted`: the ticked checklist ids) to
 * `dashboardInputSchema`, which turns it into the event.
 */
export type ServiceUserAction = {
  /** The id the dashboard sends, e.g. "accept". */
  action: string;
  /** The event type it records. */
  event: string;
  /** The button's text, or the checklist's legend: a key into the provider's message files. */
  label: TextKey;
  /** Whether the action applies in this state. */
  available(state: string): boolean;
  /** A checklist of the permissions the service user holds (a verification), sent as `granted`. */
  checklist?: boolean;
};

export type ServiceUserFlow = {
  kind: "service_user";
  provider: ProviderId;
  /** The identity the wizard asks the admin to invite; throws `AppError("unavailable")` with `localized` when it cannot be offered. */
  serviceUser(input: { workspace: ServiceUserWorkspace; seed: string; existing?: ServiceUser | null }): ServiceUser;
  /** The localized reason when `serviceUser` refused; undefined for any other error. */
  setupErrorText(error: unknown): Localized | undefined;
  /** Reads `connections.provider_state`; undefined when it is not this flow's state. */
  parseState(raw: unknown): ServiceUserState | undefined;
  /** The state "I have sent the invitation" saves, for the scopes the session requires. */
  createState(input: { serviceUser: ServiceUser; requiredScopes: readonly ScopeId[]; now?: Date }): ServiceUserState;
  /** The outbox event type and payload extras of a state (the payload's common fields are the caller's). */
  event(state: ServiceUserState): { type: string; payload: Record<string, unknown> };
  /** The first event of a new connection, when the invitation is saved. */
  invitationEventType: string;
  /** Every outbox event type this flow emits, `<provider>.<what>` (lib/handoff/outbox.ts lists them all). */
  eventTypes: readonly `${ProviderId}.${string}`[];
  /**
   * The body a status report (status API `[statusField]`, dashboard, CLI) may carry for this flow,
   * and the events it means in a given state, in order.
   */
  statusField: string;
  statusUpdateSchema: z.ZodType<Record<string, unknown>>;
  eventsFromStatusUpdate(state: ServiceUserState, update: Record<string, unknown>): ServiceUserEvent[];
  /** The dashboard's input: parsed, or throws a zod error. */
  dashboardInputSchema: z.ZodType<{ event: ServiceUserEvent; reason?: string }>;
  /** Parses a CLI's flags into one event; throws Error with a message naming the flags. */
  eventFromCli(flags: Record<string, string>): ServiceUserEvent;
  /** The pure transition; throws an AppError("conflict") with `localized` when the move is refused. */
  applyStatusUpdate(state: ServiceUserState, event: ServiceUserEvent, now?: Date): ServiceUserState;
  connectionStatus(state: ServiceUserState): ConnectionStatusOfFlow;
  /** Per-scope results after a verification. */
  scopeResults(state: ServiceUserState, required: readonly string[], optional: readonly string[]): Record<string, ScopeResult>;
  /** The provider's own names of the permissions still missing, for people. */
  missingPermissionNames(state: ServiceUserState): string[];
  /** Audit details of a move. */
  auditDetails(from: ServiceUserState, to: ServiceUserState, event: ServiceUserEvent): Record<string, unknown>;
  /** The wizard's view of a service user, with or without a saved state. */
  view(input: { serviceUser: ServiceUser; lang: Lang; workspaceName: string; connectionId?: string; state?: ServiceUserState }): ServiceUserView;
  /**
   * What the dashboard offers: the actions, the permissions of a verification checklist, and
   * which of them a state records as held (the checklist's initial ticks).
   */
  dashboard: { actions: ServiceUserAction[]; permissions: Array<{ id: string; name: string }>; granted(state: ServiceUserState): string[] };
};

const flows: Partial<Record<ProviderId, ServiceUserFlow>> = {
  justworks: justworksFlow,
};

/** The service-user flow of a provider; undefined for a provider of another flow kind. */
export function getServiceUserFlow(id: ProviderId | string): ServiceUserFlow | undefined {
  return Object.hasOwn(flows, id) ? flows[id as ProviderId] : undefined;
}

export function listServiceUserFlows(): ServiceUserFlow[] {
  return Object.values(flows).filter((f): f is ServiceUserFlow => f !== undefined);
}
