// Documented HR WORKS sandbox keys. Deterministic: each Access Key is one behaviour; every key
// uses the same Secret Access Key, so any other secret is the "wrong secret" case.
import type { SandboxCredential } from "@/lib/sandbox/types";

export type HrworksArea = "persons" | "general" | "absences" | "applicants" | "applicants_write";
export type HrworksProfile = {
  areas: HrworksArea[];
  rateLimited?: boolean;
  down?: boolean;
  slow?: boolean;
  /** Areas that answer late but within the timeout (SandboxOptions.lagMs): the wizard's live progress. */
  lagging?: HrworksArea[];
  malformed?: boolean;
};

export const HRWORKS_SANDBOX_SECRET = "hrworks-sandbox-secret";
const ALL: HrworksArea[] = ["persons", "general", "absences", "applicants", "applicants_write"];
const without = (a: HrworksArea) => ALL.filter((x) => x !== a && !(a === "applicants" && x === "applicants_write"));

export const HRWORKS_SANDBOX_KEYS: Record<string, HrworksProfile> = {
  "HWSANDBOX-ALL": { areas: ALL },
  "HWSANDBOX-NO-PERSONS": { areas: without("persons") },
  "HWSANDBOX-NO-GENERAL": { areas: without("general") },
  "HWSANDBOX-NO-ABSENCES": { areas: without("absences") },
  "HWSANDBOX-NO-APPLICANTS": { areas: without("applicants") },
  "HWSANDBOX-NO-APPLICANTS-WRITE": { areas: without("applicants_write") },
  "HWSANDBOX-RATE-LIMITED": { areas: ALL, rateLimited: true },
  "HWSANDBOX-DOWN": { areas: ALL, down: true },
  "HWSANDBOX-SLOW": { areas: ALL, slow: true },
  "HWSANDBOX-SLOW-APPLICANTS": { areas: ALL, lagging: ["applicants"] },
  "HWSANDBOX-MALFORMED": { areas: ALL, malformed: true },
};

const key = (accessKey: string, secretAccessKey = HRWORKS_SANDBOX_SECRET) => ({ accessKey, secretAccessKey });

/** HRIS and ATS together; absences optional, so a missing Absences area still passes with a warning. */
export const HRWORKS_SANDBOX_SCOPES: SandboxCredential["scopes"] = {
  required: ["employees", "departments", "ats.jobs", "ats.job_postings", "ats.candidates", "ats.applications", "ats.write"],
  optional: ["absences"],
};
const scopes = HRWORKS_SANDBOX_SCOPES;

export const hrworksSandboxCredentials: SandboxCredential[] = [
  { provider: "hrworks", label: "All permissions", description: "Every permission area is ticked, including writing in Applicant Management.", scopes, values: key("HWSANDBOX-ALL"), expect: { outcome: "ok" } },
  { provider: "hrworks", label: "Wrong secret", description: "A real Access Key with a wrong Secret Access Key: HR WORKS refuses the key pair.", scopes, values: key("HWSANDBOX-ALL", "wrong-secret"), expect: { outcome: "invalid_credentials" } },
  { provider: "hrworks", label: "Persons missing", description: "The key lacks the Persons area.", scopes, values: key("HWSANDBOX-NO-PERSONS"), expect: { outcome: "missing_scopes", missing: ["employees"] } },
  { provider: "hrworks", label: "General missing", description: "The key lacks the General area (organization units).", scopes, values: key("HWSANDBOX-NO-GENERAL"), expect: { outcome: "missing_scopes", missing: ["departments"] } },
  { provider: "hrworks", label: "Absences missing", description: "The key lacks the Absences area (optional by default: the check passes with a warning).", scopes, values: key("HWSANDBOX-NO-ABSENCES"), expect: { outcome: "ok", missing: ["absences"] } },
  {
    provider: "hrworks",
    label: "Applicant Management missing",
    description: "The key lacks Applicant Management: every ATS scope is missing.",
    scopes, values: key("HWSANDBOX-NO-APPLICANTS"),
    expect: { outcome: "missing_scopes", missing: ["ats.jobs", "ats.job_postings", "ats.candidates", "ats.applications", "ats.write"] },
  },
  { provider: "hrworks", label: "Applicant Management read-only", description: "The key may read Applicant Management but not write to it.", scopes, values: key("HWSANDBOX-NO-APPLICANTS-WRITE"), expect: { outcome: "missing_scopes", missing: ["ats.write"] } },
  {
    provider: "hrworks",
    label: "All permissions, Applicant Management slow",
    description: "Every area is ticked, but Applicant Management answers only after about four seconds (within the timeout): the wizard shows each permission as its answer comes in.",
    scopes, values: key("HWSANDBOX-SLOW-APPLICANTS"),
    expect: { outcome: "ok" },
  },
  { provider: "hrworks", label: "Rate limited", description: "Authentication works, then every request is answered 429 with Retry-After: 30.", scopes, values: key("HWSANDBOX-RATE-LIMITED"), expect: { outcome: "rate_limited" } },
  { provider: "hrworks", label: "Provider down", description: "HR WORKS answers 503 to the authentication request.", scopes, values: key("HWSANDBOX-DOWN"), expect: { outcome: "provider_unreachable" } },
  { provider: "hrworks", label: "Slower than the timeout", description: "Authentication works; the permission reads answer only after the request timeout.", scopes, values: key("HWSANDBOX-SLOW"), expect: { outcome: "provider_unreachable" } },
  { provider: "hrworks", label: "Malformed answer", description: "Authentication works; the permission reads answer HTML instead of JSON.", scopes, values: key("HWSANDBOX-MALFORMED"), expect: { outcome: "provider_error" } },
];
