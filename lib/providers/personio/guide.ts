// How a Personio admin creates API credentials, grants access per area and whitelists the readable
// employee attributes, in our own words from the public facts (docs/providers/personio.md, with
// sources and the date they were checked). The texts are in messages/providers/personio/<lang>.json.
import { isHost, normaliseWebAddress, type WebAddressSpec } from "@/lib/providers/address";
import type { ChecklistExtra, GuideStep, LinkOptions, ScopeDefinition, ScopeId, TextKey } from "@/lib/providers/types";

/**
 * The web domains of a company's Personio: `<hostname>.app.personio.com` since the move to .com,
 * `<hostname>.personio.de` before it (docs/providers/personio.md, "Deep links"). A bare hostname
 * goes to the current domain.
 */
export const PERSONIO_WEB: WebAddressSpec = { domains: ["app.personio.com", "personio.de"] };

/** Marketplace → Connected integrations, where custom integrations (API credentials) are created and edited today. */
export const PERSONIO_INTEGRATIONS_PATH = "/configuration/marketplace/connected";

/** A company's Personio address as the admin typed it (`acme`, `acme.personio.de`, `https://acme.app.personio.com`), as its host. */
export function personioHost(input: string | undefined): string | undefined {
  return normaliseWebAddress(input, PERSONIO_WEB);
}

/**
 * The Connected integrations page in the company's own Personio, when its address is known.
 * `address` is a host the field's schema (or the wizard, for a link template) already normalised.
 */
export function personioIntegrationsLink(options: LinkOptions): string | undefined {
  return options.address && isHost(options.address) ? `https://${options.address}${PERSONIO_INTEGRATIONS_PATH}` : undefined;
}

export const DEFAULT_PERSONIO_ATTRIBUTES = ["first_name", "last_name", "email", "status", "department", "hire_date"] as const;

/**
 * Personio's own labels of the standard employee attributes, as "Readable employee attributes"
 * lists them (keys under `attributeNames` in the message files). Custom attributes keep their key.
 */
export const PERSONIO_ATTRIBUTE_LABELS = [
  "first_name",
  "last_name",
  "preferred_name",
  "email",
  "gender",
  "status",
  "position",
  "supervisor",
  "employment_type",
  "weekly_working_hours",
  "hire_date",
  "contract_end_date",
  "termination_date",
  "office",
  "department",
  "team",
  "subcompany",
  "cost_centers",
  "profile_picture",
  "work_schedule",
  "absence_entitlement",
] as const;

const labelled = new Set<string>(PERSONIO_ATTRIBUTE_LABELS);

/** The readable employee attributes this session needs, by their names in Personio. */
export function personioChecklist(attributes: readonly string[] | undefined): ChecklistExtra[] {
  const wanted = attributes?.length ? attributes : DEFAULT_PERSONIO_ATTRIBUTES;
  return [{ title: "checklist.attributes", items: wanted.map((a) => (labelled.has(a) ? { key: `attributeNames.${a}` } : { literal: a })) }];
}

export const personioPrerequisites: TextKey[] = ["prerequisites.plan", "prerequisites.rights"];

export const personioGuide: GuideStep<"clientId" | "clientSecret" | "subdomain">[] = [
  { title: "guide.1.title", body: "guide.1.body", link: personioIntegrationsLink },
  { title: "guide.2.title", body: "guide.2.body" },
  { title: "guide.3.title", body: "guide.3.body" },
  { title: "guide.4.title", body: "guide.4.body", field: "clientId" },
];

const scope = (key: ScopeId): ScopeDefinition => ({ permission: `scopes.${key}.permission`, fix: `scopes.${key}.fix`, link: personioIntegrationsLink });

export const personioScopes: Partial<Record<ScopeId, ScopeDefinition>> = {
  employees: scope("employees"),
  attendances: scope("attendances"),
  absences: scope("absences"),
  documents: scope("documents"),
};
