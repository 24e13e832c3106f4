// What the server hands the wizard: plain, serializable, already in the session's language, and
// never a secret. The client renders only this; the provider registry (with its zod schema) is
// loaded lazily by the form step.
import type { ServiceUserView } from "@/lib/providers/flows";
import type { WebAddressSpec } from "@/lib/providers/address";
import type { Category, FlowKind, Lang, ProviderId, ScopeId, ScopeStatus } from "@/lib/providers/types";

export type WizardField = {
  name: string;
  label: string;
  help?: string;
  placeholder?: string;
  multiline?: boolean;
  maxLength: number;
  secret: boolean;
  optional: boolean;
};

export type WizardScope = {
  id: ScopeId;
  /** The unified name, e.g. "Candidates". */
  label: string;
  /** The provider's own permission, as the admin sees it in their system. */
  permission: string;
  fix: string;
  note?: string;
  /** Where the fix is made, when the provider knows a deep link. */
  fixLink?: string;
  fixLinkTemplate?: string;
  required: boolean;
};

export type WizardGuideStep = {
  title: string;
  body: string;
  field?: string;
  link?: string;
  /** A deep link into the customer's own system, with ADDRESS_PLACEHOLDER for their host (lib/providers/address.ts). */
  linkTemplate?: string;
};

export { ADDRESS_PLACEHOLDER, fillAddressLink } from "@/lib/providers/address";

export type WizardProvider = {
  id: ProviderId;
  name: string;
  logo: { letters: string; color: string };
  categories: Category[];
  flow: FlowKind;
  authKind: "key_pair" | "client_credentials" | "api_key" | "service_user";
  /** What connecting gives the vendor, honestly, for this provider (read access, or an admin user). */
  asks: string;
  prerequisites: string[];
  guide: WizardGuideStep[];
  /** Further lists of what to tick (Personio: the readable employee attributes by their Personio names). */
  checklistExtras: Array<{ title: string; items: string[] }>;
  fields: WizardField[];
  scopes: WizardScope[];
  /** The field holding the company's web address in the provider (Personio) and its domains: it turns guide steps and fix-its into deep links. */
  webAddress?: { field: string; spec: WebAddressSpec };
  /** The provider's OAuth route, when the workspace has an OAuth app for it (flow kind "oauth"). */
  oauth?: WizardOAuthRoute;
  /** What the vendor already knows (lib/providers/prefill.ts): non-secret field values shown filled
   *  in (the admin can change them), and whether every prerequisite is confirmed (`prerequisites`
   *  then lists none, and the step is skipped). */
  prefill?: { values: Record<string, string>; prerequisitesConfirmed: boolean };
};

export type WizardOAuthRoute = {
  /** Offered first; the provider's own route is the alternative. */
  preferred: boolean;
  /** "popup" in the vendor's iframe; "redirect" for a hosted link (a full page). */
  display: "popup" | "redirect";
  /** What the provider will ask the admin to approve, in its own scope words. */
  scopes: string[];
};

/** A service-user flow's view (lib/providers/flows.ts): plain texts in the reader's language. */
export type { ServiceUserView } from "@/lib/providers/flows";

export type WizardConfig = {
  token: string;
  lang: Lang;
  mode: "create" | "reconnect";
  /** Loaded hidden ahead of time (connect.js's prepareConnect): it counts as opened, and reports
   *  its steps, only once the host page says it is shown (lib/connect/host.ts, whenShown). */
  prepared: boolean;
  workspace: { name: string; logoUrl?: string };
  /** The host origins the wizard may post to (the workspace's allowed embed origins). */
  allowedOrigins: string[];
  providers: WizardProvider[];
  /** The service user to invite, when a service-user provider is offered, or its saved state. */
  serviceUser?: ServiceUserView;
  /** Reconnect mode: what the admin is told about the connection whose credentials they replace. */
  reconnect?: ReconnectView;
};

export type ReconnectView = {
  accountLabel?: string;
  /** Permissions the connection's latest check found missing (the usual reason for a reconnect). */
  lastMissing: ScopeId[];
};

/** `fix`: for a missing scope, what the check found to do (narrower than the scope's static fix-it, e.g. the missing Personio attributes). */
export type ScopeOutcome = { id: ScopeId; status: ScopeStatus; required: boolean; detail?: string; fix?: string };

/** A finished check as the wizard shows it. Never holds a credential value. */
export type CheckView = {
  outcome: "ok" | "missing_scopes" | "invalid_credentials" | "rate_limited" | "provider_unreachable" | "provider_error";
  /** True when the connection was saved (ok, or only optional scopes missing). */
  saved: boolean;
  connectionId?: string;
  status?: string;
  message: string;
  accountLabel?: string;
  retryAfterSeconds?: number;
  scopes: ScopeOutcome[];
};

/**
 * A check in progress, as the server action hands it over: one promise per requested permission,
 * settled as that permission's probe settles (React streams each one to the browser as it
 * resolves), and the finished check. A scope's promise holds `null` when the check ended before its
 * probe ran (wrong credentials, provider down). None of these promises ever rejects.
 */
export type CheckStream = {
  authenticated: Promise<boolean>;
  scopes: Partial<Record<ScopeId, Promise<ScopeOutcome | null>>>;
  result: Promise<WizardActionResult<CheckView>>;
};

export type WizardActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number; requestId?: string };
