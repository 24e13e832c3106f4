// Access People HR: what the wizard renders (isomorphic; no secrets, no server code).
// Facts from docs/providers/peoplehr.md: one static API key per integration, created by an administrator
// under Settings → API with "+", with actions ticked per application area; the key travels in
// every request body. People HR's own screens are in English, so the permission names stay in
// English in the German texts too: that is what the admin will see on screen.
import { z } from "zod";
import { defineProvider } from "@/lib/providers/define";
import type { ScopeDefinition } from "@/lib/providers/types";

/** The actions a key needs, by application area, as People HR labels the checkboxes. */
export const peopleHrActions = {
  employee: { area: "Employee", action: "Get All Employee Detail" },
  absence: { area: "Absence", action: "Get Absence Detail" },
  holiday: { area: "Holiday", action: "Get Holiday Detail" },
  document: { area: "Employee Document", action: "Get All Document" },
  vacancy: { area: "Vacancy", action: "Get All Vacancies" },
} as const;
export type PeopleHrAreaKey = keyof typeof peopleHrActions;

/** People HR's own label of the actions, as the admin sees them (English in every language). */
export function peopleHrPermissionName(keys: PeopleHrAreaKey[]): string {
  return keys.map((key) => `${peopleHrActions[key].area} → “${peopleHrActions[key].action}”`).join(", ");
}

const scope = (key: string, extra?: Partial<ScopeDefinition>): ScopeDefinition => ({ permission: `scopes.${key}.permission`, fix: `scopes.${key}.fix`, ...extra });

export const peopleHrFields = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, "Paste the API key")
    .max(50, "An Access People HR API key has at most 50 characters")
    .regex(/^[A-Za-z0-9-]+$/, "An Access People HR API key has only letters, digits and hyphens"),
});
export type PeopleHrCredentials = z.infer<typeof peopleHrFields>;

export const peoplehr = defineProvider({
  id: "peoplehr",
  name: "Access People HR",
  logo: { letters: "PH", color: "#0f766e" },
  categories: ["hris", "ats"],
  flow: "credentials",
  authKind: "api_key",
  baseUrl: { variable: "PEOPLEHR_API_URL", production: "https://api.peoplehr.net" },
  fields: peopleHrFields,
  fieldMeta: {
    apiKey: {
      label: "fields.apiKey.label",
      help: "fields.apiKey.help",
      placeholder: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
      maxLength: 50,
    },
  },
  secret: ["apiKey"],
  fingerprintField: "apiKey",
  asks: "asks",
  exposesAccount: true,
  prerequisites: ["prerequisites.1", "prerequisites.2"],
  guide: [
    { title: "guide.1.title", body: "guide.1.body" },
    { title: "guide.2.title", body: "guide.2.body" },
    { title: "guide.3.title", body: "guide.3.body" },
    { title: "guide.4.title", body: "guide.4.body", field: "apiKey" },
  ],
  scopes: {
    employees: scope("employees"),
    departments: scope("departments", { note: "scopes.departments.note" }),
    absences: scope("absences"),
    documents: scope("documents"),
    "ats.jobs": scope("ats_jobs"),
  },
  defaultScopes: { required: ["employees", "departments"], optional: ["absences"] },
  budget: [
    {
      per: "provider",
      requests: "all",
      points: 30,
      durationSeconds: 60,
      // Every Latchkey instance is assumed to call from one outbound address; with several
      // addresses, raise it with PROVIDER_BUDGETS (docs/providers/peoplehr.md).
      source: "API introduction: 30 calls a minute from a specific IP address, above that an exception message.",
    },
  ],
});
