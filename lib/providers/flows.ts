// The server-side steps of every flow that is not a credential check, by provider id: the OAuth
// flows (at the end of this file) and the service-user flow (FlowKind "service_user", Justworks): nothing secret is typed; the admin
// invites a service user whose progress is reported later. Save, the status API, the dashboard,
// the CLI and the wizard reach a service-user provider only through `getServiceUserFlow(id)`, and
// dispatch on `definition.flow`. No "server-only" marker: the CLI (`justworks:update`) runs outside
// Next. Never imported by client components.
import type { z } from "zod";
import type { Env } from "@/lib/env";
import { justworksFlow } from "@/lib/providers/justworks/flow";
import { justworksOAuth } from "@/lib/providers/justworks/oauth";
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
  /**
   * The state cannot change any more as far as the admin is concerned (the connection is active):
   * the wizard's live view stops asking. Set by the wizard's loader from `connectionStatus`.
   */
  final?: boolean;
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

// ---------------------------------------------------------------------------------------------
// The OAuth flow kind (FlowKind "oauth"). A provider folder declares its endpoints, its scopes per
// Latchkey scope, whether it supports PKCE, how to read the token answer and what was granted, and
// where its account label comes from. Everything that talks HTTP or writes lives in
// lib/connections/oauth.ts; this is data plus pure functions.

/** The tokens as the vault stores them (the connection's credential values) and their metadata. */
export type OAuthTokens = {
  accessToken: string;
  refreshToken?: string;
  /** ISO 8601; when the access token stops working. */
  expiresAt: string;
  /** The provider's scope words granted; undefined when the answer did not say. */
  grantedScopes?: string[];
};

/** What a token endpoint's error means for the person (lib/connections/oauth.ts maps HTTP failures). */
export type OAuthTokenError = "invalid_grant" | "invalid_client" | "other";

export type OAuthFlow = {
  kind: "oauth";
  provider: ProviderId;
  /**
   * Absolute production endpoints. `authorize` is a page on the provider's site; `token` and
   * `revoke` are called from the server. In demo mode (or with the provider's base-URL variable set)
   * the same paths are used below that base URL instead (`sandboxPaths`).
   */
  endpoints: { authorize: string; token: string; revoke?: string };
  /** A configuration variable that, when set, replaces the authorize page (an unconfirmed host). */
  authorizeVariable?: Extract<keyof Env, `${string}_AUTHORIZE_URL`>;
  /** The paths of the three endpoints below a non-production base URL (the sandbox). */
  sandboxPaths: { authorize: string; token: string; revoke?: string };
  /** Whether the authorize URL carries `scope` (false: the scopes are fixed when the app is registered). */
  sendsScope: boolean;
  /** PKCE (S256) on the authorize and token requests. */
  pkce: boolean;
  /** Scopes every connection needs whatever Latchkey scopes are asked (e.g. for the account label). */
  baseScopes: string[];
  /** The provider's scopes each Latchkey scope needs; a Latchkey scope absent here cannot be granted by OAuth. */
  scopes: Partial<Record<ScopeId, string[]>>;
  /** A granted parent scope implies these children (e.g. `member.detail:read` → `member.basic:read`). */
  implies: Record<string, string[]>;
  /** The provider's own words for a scope, shown before consent (message key in the provider's file). */
  scopeText: (scope: string) => TextKey;
  /** Reads a successful token answer; throws when it is not one. `now` fixes the clock. */
  parseTokenResponse(body: unknown, now: Date): OAuthTokens;
  /** Reads a token endpoint's error body (RFC 6749 §5.2). */
  tokenError(status: number, body: unknown): OAuthTokenError;
  /** Where the account label comes from: one GET with the access token. */
  accountLabel: { path: string; read(body: unknown): string | undefined };
  /** Extra headers on every API call. */
  apiHeaders?: Record<string, string>;
};

/** The provider scopes a set of Latchkey scopes asks for, base scopes first, without duplicates. */
export function oauthScopesFor(flow: OAuthFlow, scopes: readonly ScopeId[]): string[] {
  return [...new Set([...flow.baseScopes, ...scopes.flatMap((s) => flow.scopes[s] ?? [])])];
}

/** The granted set with every implied child added. */
export function expandGranted(flow: OAuthFlow, granted: readonly string[]): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => {
    if (out.has(s)) return;
    out.add(s);
    for (const child of flow.implies[s] ?? []) add(child);
  };
  granted.forEach(add);
  return out;
}

/**
 * Per Latchkey scope: the provider scopes it needs that were not granted (empty: granted), or null
 * when the provider's API offers nothing for it (no OAuth scope can grant it).
 */
export function missingOAuthScopes(flow: OAuthFlow, scopes: readonly ScopeId[], granted: readonly string[]): Record<string, string[] | null> {
  const have = expandGranted(flow, granted);
  return Object.fromEntries(scopes.map((s) => [s, flow.scopes[s] ? flow.scopes[s].filter((p) => !have.has(p)) : null]));
}

const oauthFlows: Partial<Record<ProviderId, OAuthFlow>> = {
  justworks: justworksOAuth,
};

/** The OAuth route of a provider (beside its own flow kind); undefined when it has none. */
export function getOAuthFlow(id: ProviderId | string): OAuthFlow | undefined {
  return Object.hasOwn(oauthFlows, id) ? oauthFlows[id as ProviderId] : undefined;
}

export function listOAuthFlows(): OAuthFlow[] {
  return Object.values(oauthFlows).filter((f): f is OAuthFlow => f !== undefined);
}
