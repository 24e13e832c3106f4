// The documented sandbox API keys of the Access People HR simulator: one per outcome a check can
// have. Real keys are UUIDs; the sandbox keys are readable on purpose. Any other key is refused
// like a wrong one: a UUID-shaped key with Status 5 "API key does not exists.", anything else with
// Status 2 "Invalid API Key.".
import type { SandboxCredential } from "@/lib/sandbox/types";

/** People HR's application areas, each guarded by its own "schema" on the provider side. */
export const peopleHrAreas = ["employee", "absence", "holiday", "document", "vacancy"] as const;
export type PeopleHrArea = (typeof peopleHrAreas)[number];

export type PeopleHrProfile = { areas: PeopleHrArea[]; rateLimited?: boolean; down?: boolean; slow?: boolean; malformed?: boolean; serverError?: boolean };

const ALL = [...peopleHrAreas];
const without = (area: PeopleHrArea): PeopleHrArea[] => ALL.filter((a) => a !== area);

export const PEOPLEHR_SANDBOX_KEYS: Record<string, PeopleHrProfile> = {
  "PHRSANDBOX-ALL": { areas: ALL },
  "PHRSANDBOX-NO-EMPLOYEE": { areas: without("employee") },
  "PHRSANDBOX-NO-ABSENCE": { areas: without("absence") },
  "PHRSANDBOX-NO-HOLIDAY": { areas: without("holiday") },
  "PHRSANDBOX-NO-DOCUMENT": { areas: without("document") },
  "PHRSANDBOX-NO-VACANCY": { areas: without("vacancy") },
  "PHRSANDBOX-RATE-LIMITED": { areas: ALL, rateLimited: true },
  "PHRSANDBOX-DOWN": { areas: ALL, down: true },
  "PHRSANDBOX-SLOW": { areas: ALL, slow: true },
  "PHRSANDBOX-MALFORMED": { areas: ALL, malformed: true },
  "PHRSANDBOX-ERROR": { areas: ALL, serverError: true },
};

/** Every scope People HR offers, all required, so each missing area shows. */
export const PEOPLEHR_SANDBOX_SCOPES: SandboxCredential["scopes"] = {
  required: ["employees", "departments", "absences", "documents", "ats.jobs"],
  optional: [],
};
const scopes = PEOPLEHR_SANDBOX_SCOPES;
const key = (apiKey: string) => ({ apiKey });

export const peoplehrSandboxCredentials: SandboxCredential[] = [
  { provider: "peoplehr", label: "All permissions", description: "Every action we read is ticked.", scopes, values: key("PHRSANDBOX-ALL"), expect: { outcome: "ok" } },
  { provider: "peoplehr", label: "Wrong key", description: "A key People HR does not know: it answers Status 2 \"Invalid API Key.\".", scopes, values: key("PHRSANDBOX-WRONG-KEY"), expect: { outcome: "invalid_credentials" } },
  {
    provider: "peoplehr",
    label: "Employee missing",
    description: "Employee → Get All Employee Detail is not ticked: employees and departments are missing; absences and documents cannot be confirmed without an employee to ask about.",
    scopes, values: key("PHRSANDBOX-NO-EMPLOYEE"),
    expect: { outcome: "missing_scopes", missing: ["employees", "departments"] },
  },
  { provider: "peoplehr", label: "Absence missing", description: "Absence → Get Absence Detail is not ticked.", scopes, values: key("PHRSANDBOX-NO-ABSENCE"), expect: { outcome: "missing_scopes", missing: ["absences"] } },
  { provider: "peoplehr", label: "Holiday missing", description: "Holiday → Get Holiday Detail is not ticked (holidays count as absences).", scopes, values: key("PHRSANDBOX-NO-HOLIDAY"), expect: { outcome: "missing_scopes", missing: ["absences"] } },
  { provider: "peoplehr", label: "Employee Document missing", description: "Employee Document → Get All Document is not ticked.", scopes, values: key("PHRSANDBOX-NO-DOCUMENT"), expect: { outcome: "missing_scopes", missing: ["documents"] } },
  { provider: "peoplehr", label: "Vacancy missing", description: "Vacancy → Get All Vacancies is not ticked (recruitment).", scopes, values: key("PHRSANDBOX-NO-VACANCY"), expect: { outcome: "missing_scopes", missing: ["ats.jobs"] } },
  { provider: "peoplehr", label: "Rate limited", description: "Over People HR's 30 calls a minute: every call is answered 429 with Retry-After: 60.", scopes, values: key("PHRSANDBOX-RATE-LIMITED"), expect: { outcome: "rate_limited" } },
  { provider: "peoplehr", label: "Provider down", description: "People HR answers 503 Service Unavailable.", scopes, values: key("PHRSANDBOX-DOWN"), expect: { outcome: "provider_unreachable" } },
  { provider: "peoplehr", label: "Slower than the timeout", description: "People HR answers only after the request timeout.", scopes, values: key("PHRSANDBOX-SLOW"), expect: { outcome: "provider_unreachable" } },
  { provider: "peoplehr", label: "Malformed answer", description: "People HR answers with a cut-off JSON body.", scopes, values: key("PHRSANDBOX-MALFORMED"), expect: { outcome: "provider_error" } },
  { provider: "peoplehr", label: "Internal error", description: "People HR reports Status 6 \"Oops! Something went wrong.\".", scopes, values: key("PHRSANDBOX-ERROR"), expect: { outcome: "provider_error" } },
];
