// The provider contract. A provider is data that the wizard renders (isomorphic: index.ts) plus
// server-only functions (server.ts) that authenticate and probe. The check engine is written once.
import type { z } from "zod";
import type { Env } from "@/lib/env";
import type { WebAddressSpec } from "@/lib/providers/address";

import type { Lang } from "@/lib/i18n/languages";

export type { Lang };
export type Localized = Record<Lang, string>;

export const providerIds = ["hrworks", "personio", "peoplehr", "justworks"] as const;
export type ProviderId = (typeof providerIds)[number];

export const scopeIds = [
  "employees",
  "departments",
  "absences",
  "attendances",
  "documents",
  "ats.jobs",
  "ats.job_postings",
  "ats.candidates",
  "ats.applications",
  "ats.write",
] as const;
export type ScopeId = (typeof scopeIds)[number];

export type Category = "hris" | "ats";

/**
 * A key into the provider's message files, `messages/providers/<id>/<lang>.json` (mounted as
 * `providers.<id>` in the catalog), e.g. `guide.1.title`. Definitions hold keys, not texts: the
 * server resolves them (the wizard gets plain texts; check results get every language through
 * `localize`), so no provider text reaches a client bundle.
 */
export type TextKey = string;

export type FieldMeta = {
  label: TextKey;
  help?: TextKey;
  placeholder?: string;
  /** Rendered as a textarea (e.g. a pasted key file). */
  multiline?: boolean;
  maxLength: number;
  /**
   * When a paste into this field is a whole credential file (HR WORKS' downloaded key pair), the
   * values of every field it holds; undefined for an ordinary paste. Pure, runs in the browser.
   */
  fillFromPaste?: (text: string) => Record<string, string> | undefined;
};

export type GuideStep<FieldName extends string = string> = {
  title: TextKey;
  body: TextKey;
  /** The credential field this step produces, highlighted in the form. */
  field?: FieldName;
  /** A deep link into the customer's own system when their web address is known (Personio). */
  link?: (options: LinkOptions) => string | undefined;
};

export type ScopeDefinition = {
  /** The provider's own name for the permission, as the admin sees it in their system. */
  permission: TextKey;
  /** Where to click to grant it. */
  fix: TextKey;
  /** Write scopes that cannot be probed safely are reported `unknown` with this note. */
  note?: TextKey;
  /** A deep link to the settings page where the fix is made, when the customer's web address is known. */
  link?: (options: LinkOptions) => string | undefined;
};

/** A further list in the "what to tick" checklist: a title and items, each a text key or the provider's own literal name. */
export type ChecklistExtra = { title: TextKey; items: Array<{ key: TextKey } | { literal: string }> };

/** `address`: the company's host in the provider (e.g. `acme.app.personio.com`), already normalised by lib/providers/address.ts. */
export type LinkOptions = { address?: string };

/**
 * Per-session options a vendor passes for one provider (`provider_options.<id>` of the session
 * API), stored on the connection as given. Each provider declares their schema
 * (`ProviderDefinition.options`); the check engine parses them with it before a probe reads them.
 */
export type ProviderOptions = Record<string, unknown>;

/**
 * How a customer connects this provider; the wizard, save, the status API and the dashboard
 * dispatch on it (lib/providers/registry.server.ts holds each kind's server-side steps).
 * - `credentials`: the admin pastes credentials, the check engine probes every scope, save seals them.
 * - `service_user`: nothing secret is typed; the admin invites a service user, whose progress is
 *   reported later (status API, dashboard, CLI) and moved through the provider's state machine.
 * - `oauth`: the admin approves Latchkey in the provider's own consent page (a popup from the
 *   wizard, a full-page redirect from a hosted link); the callback exchanges the code on the server
 *   and seals the tokens as the connection's credential. A provider offers it beside its own kind
 *   through `getOAuthFlow(id)` (lib/providers/flows.ts) once the workspace has an OAuth app for it.
 */
export const flowKinds = ["credentials", "service_user", "oauth"] as const;
export type FlowKind = (typeof flowKinds)[number];

/**
 * One field of a provider's per-workspace settings (`workspaces.provider_settings.<id>.<key>`),
 * as the dashboard's settings page shows it: texts are keys into the provider's message files.
 */
export type ProviderSettingField = {
  key: string;
  label: TextKey;
  hint?: TextKey;
  /** What the admin reads when the value is refused (the schema's issue on this key). */
  invalid: TextKey;
  placeholder?: string;
  maxLength: number;
  /** Shown when the workspace has stored no value yet. */
  default?: string;
};

/**
 * A provider's per-workspace settings, stored in `workspaces.provider_settings` (jsonb) under the
 * provider's id and read and written through lib/providers/settings.ts.
 * - `schema` parses the settings form's strings (an empty string means "not set") into what is
 *   stored; the provider reads the stored value leniently (a missing key takes its default).
 * - `fields` are the form's inputs, in order, one per key of `schema`.
 * - `demo`: the demo workspace's values (lib/demo.ts).
 */
export type ProviderSettings = {
  schema: z.ZodObject;
  fields: ProviderSettingField[];
  demo?: Record<string, string>;
};

/** Configuration variables that hold a provider's API base URL (lib/env.ts validates them). */
export type BaseUrlVariable = Extract<keyof Env, `${string}_API_URL`>;

export type ProviderDefinition<F extends z.ZodObject = z.ZodObject> = {
  id: ProviderId;
  name: string;
  /** Our own simple mark: letters on a colour. No trademarked artwork. */
  logo: { letters: string; color: string };
  categories: Category[];
  /** What the wizard, save, status and dashboard dispatch on. */
  flow: FlowKind;
  /** The kind of credential typed (credentials flow), or "service_user". */
  authKind: "key_pair" | "client_credentials" | "api_key" | "service_user";
  /**
   * Where its API is: a set `variable` always wins; else demo mode uses the built-in sandbox
   * (`/sandbox/<id>`); else the real `production` host.
   */
  baseUrl: { variable: BaseUrlVariable; production: string };
  /** The options a vendor may pass for this provider when creating a session (strict). */
  options?: z.ZodObject;
  /** Per-workspace settings support staff set in the dashboard (e.g. the service user's e-mail domain). */
  settings?: ProviderSettings;
  fields: F;
  fieldMeta: { [K in keyof z.infer<F> & string]: FieldMeta };
  secret: Array<keyof z.infer<F> & string>;
  /** Which field's last four characters identify the credential in the dashboard. */
  fingerprintField?: keyof z.infer<F> & string;
  /**
   * The field holding the company's own web address in the provider (Personio), and the domains it
   * may be on (lib/providers/address.ts reads it): it turns guide steps and fix-its into deep links.
   */
  webAddress?: { field: keyof z.infer<F> & string; spec: WebAddressSpec };
  /**
   * What connecting gives the vendor, in one honest sentence (read access through a key, or an
   * admin user), shown before the steps: `asks` in the provider's message file.
   */
  asks: TextKey;
  /**
   * What the admin must tick besides the permission of each scope (Personio: the readable employee
   * attributes the session needs), listed after the guide's steps and before the form.
   */
  checklistExtras?: (options: ProviderOptions) => ChecklistExtra[];
  /**
   * Whether the provider's API names the linked company (People HR: the employees' company), so that
   * a check can show "Account: …"; where it does not, the dashboard says "Not exposed by <provider>".
   */
  exposesAccount: boolean;
  /** What the wizard says when the provider refuses the credentials, when the generic text (about "a key") does not fit. */
  invalidCredentialsText?: TextKey;
  prerequisites: TextKey[];
  guide: GuideStep<keyof z.infer<F> & string>[];
  scopes: Partial<Record<ScopeId, ScopeDefinition>>;
  /** What a session asks for when the vendor names no scopes. */
  defaultScopes: { required: ScopeId[]; optional: ScopeId[] };
  /**
   * The provider's documented request limits, as budgets Latchkey keeps below (lib/providers/budget.ts).
   * Empty when the provider documents none: then only the configured workspace and overall budgets apply.
   */
  budget: BudgetRule[];
};

/**
 * One documented limit: at most `points` requests per `durationSeconds`, counted per Latchkey
 * install (`provider`: every instance shares the provider's count, e.g. one per outbound address),
 * per workspace or per connection (its credential); `requests`: every request, or only the
 * authentication (token) requests.
 */
export type BudgetRule = {
  per: "provider" | "workspace" | "connection";
  requests: "all" | "auth";
  points: number;
  durationSeconds: number;
  /** Where the figure comes from, for the reader (docs/providers/<id>.md repeats it). */
  source: string;
};

export type ScopeStatus = "granted" | "missing" | "unknown";

export type ScopeCheck = {
  scope: ScopeId;
  status: ScopeStatus;
  required: boolean;
  /** The provider's HTTP status (or People HR `Status` code) that decided it. */
  providerStatus?: number;
  latencyMs?: number;
  /** Extra, safe detail, e.g. the missing Personio attributes. Never a provider body verbatim. */
  detail?: Localized;
  /** For `missing`: what to do, normally the scope's fix-it text (a probe may give a narrower one). */
  fix?: Localized;
  /** For `missing`: the provider's own permission name, as the admin sees it. */
  permission?: Localized;
  /** For `missing`: a deep link to the settings page of the fix, when the customer's domain is known. */
  fixLink?: string;
  /** For `unknown`: why (the provider failed, answered too slowly, or the scope cannot be probed safely). */
  reason?: "rate_limited" | "unreachable" | "timeout" | "provider_error" | "not_probeable";
  /** For `unknown` because of a rate limit: when to retry. */
  retryAfterSeconds?: number;
  /** Personio: required employee attributes that are not readable. */
  missingAttributes?: string[];
};

export const checkOutcomes = ["ok", "missing_scopes", "invalid_credentials", "rate_limited", "provider_unreachable", "provider_error"] as const;
export type CheckOutcome = (typeof checkOutcomes)[number];

export type CheckResult = {
  provider: ProviderId;
  outcome: CheckOutcome;
  /** A message for the person reading it, naming the provider and what to do. */
  message: Localized;
  scopes: ScopeCheck[];
  /** e.g. the company name read from the provider. */
  accountLabel?: string;
  retryAfterSeconds?: number;
  authStatus?: number;
  durationMs: number;
  /** When the check ran (ISO 8601). */
  checkedAt?: string;
};
