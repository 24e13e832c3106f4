// How a Personio admin creates API credentials, grants access per area and whitelists the readable
// employee attributes, in our own words from the public facts (docs/providers/personio.md). The
// texts are in messages/providers/personio/<lang>.json.
import type { GuideStep, ScopeDefinition, ScopeId, TextKey } from "@/lib/providers/types";

/** UNCONFIRMED: the path of the API credentials page inside a company's Personio. */
export const PERSONIO_CREDENTIALS_PATH = "/configuration/api/credentials";
/** A company's Personio web address; the subdomain is validated as one DNS label before this. */
export function personioSettingsLink(options: { subdomain?: string }): string | undefined {
  return options.subdomain ? `https://${options.subdomain}.personio.de${PERSONIO_CREDENTIALS_PATH}` : undefined;
}

export const DEFAULT_PERSONIO_ATTRIBUTES = ["first_name", "last_name", "email", "status", "department", "hire_date"] as const;

export const personioPrerequisites: TextKey[] = ["prerequisites.1"];

export const personioGuide: GuideStep<"clientId" | "clientSecret" | "subdomain">[] = [
  { title: "guide.1.title", body: "guide.1.body", link: personioSettingsLink },
  { title: "guide.2.title", body: "guide.2.body", link: personioSettingsLink },
  { title: "guide.3.title", body: "guide.3.body" },
  { title: "guide.4.title", body: "guide.4.body", field: "clientId" },
];

const scope = (key: ScopeId): ScopeDefinition => ({ permission: `scopes.${key}.permission`, fix: `scopes.${key}.fix`, link: personioSettingsLink });

export const personioScopes: Partial<Record<ScopeId, ScopeDefinition>> = {
  employees: scope("employees"),
  attendances: scope("attendances"),
  absences: scope("absences"),
  documents: scope("documents"),
};
