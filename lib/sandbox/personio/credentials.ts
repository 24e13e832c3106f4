// Documented Personio sandbox credentials (the same for API v1 and v2: a Personio credential is one
// client ID and secret). Deterministic: each client ID is one behaviour; all use
// the same client secret, so any other secret is the "wrong secret" case.
import type { SandboxCredential } from "@/lib/sandbox/types";

export type PersonioArea = "employees" | "attendances" | "absences" | "documents";
export type PersonioProfile = { areas: PersonioArea[]; attributes: string[]; rateLimited?: boolean; down?: boolean; slow?: boolean; malformed?: boolean };

export const PERSONIO_SANDBOX_SECRET = "personio-sandbox-secret";
const ALL: PersonioArea[] = ["employees", "attendances", "absences", "documents"];
/** Whitelisted ("readable") employee attributes of a fully set-up integration. */
export const PERSONIO_SANDBOX_ATTRIBUTES = ["id", "first_name", "last_name", "email", "status", "department", "hire_date", "position", "gender"];
const without = (a: PersonioArea) => ALL.filter((x) => x !== a);

export const PERSONIO_SANDBOX_CLIENTS: Record<string, PersonioProfile> = {
  "personio-sandbox-all": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES },
  "personio-sandbox-no-employees": { areas: without("employees"), attributes: PERSONIO_SANDBOX_ATTRIBUTES },
  "personio-sandbox-no-attendances": { areas: without("attendances"), attributes: PERSONIO_SANDBOX_ATTRIBUTES },
  "personio-sandbox-no-absences": { areas: without("absences"), attributes: PERSONIO_SANDBOX_ATTRIBUTES },
  "personio-sandbox-no-documents": { areas: without("documents"), attributes: PERSONIO_SANDBOX_ATTRIBUTES },
  "personio-sandbox-attributes-missing": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES.filter((a) => a !== "department" && a !== "hire_date") },
  "personio-sandbox-rate-limited": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES, rateLimited: true },
  "personio-sandbox-down": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES, down: true },
  "personio-sandbox-slow": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES, slow: true },
  "personio-sandbox-malformed": { areas: ALL, attributes: PERSONIO_SANDBOX_ATTRIBUTES, malformed: true },
};

/** Employees required; the other three areas optional, but requested so each gap is reported. */
export const PERSONIO_SANDBOX_SCOPES: SandboxCredential["scopes"] = { required: ["employees", "attendances", "absences"], optional: ["documents"] };
const scopes = PERSONIO_SANDBOX_SCOPES;
const client = (clientId: string, clientSecret = PERSONIO_SANDBOX_SECRET) => ({ clientId, clientSecret });

export const personioSandboxCredentials: SandboxCredential[] = [
  { provider: "personio", label: "All permissions", description: "Read access to every area and all needed employee attributes readable.", scopes, values: client("personio-sandbox-all"), expect: { outcome: "ok" } },
  { provider: "personio", label: "Wrong secret", description: "A known client ID with a wrong client secret: the token request answers 400 unauthorized_client.", scopes, values: client("personio-sandbox-all", "wrong-secret"), expect: { outcome: "invalid_credentials" } },
  { provider: "personio", label: "Employees missing", description: "No read access to Employees: /v2/persons answers 403 “Insufficient access scope”.", scopes, values: client("personio-sandbox-no-employees"), expect: { outcome: "missing_scopes", missing: ["employees"] } },
  { provider: "personio", label: "Attendances missing", description: "No read access to Attendances: /v2/attendance-periods answers 403.", scopes, values: client("personio-sandbox-no-attendances"), expect: { outcome: "missing_scopes", missing: ["attendances"] } },
  { provider: "personio", label: "Absences missing", description: "No read access to Absences (time off): /v2/absence-periods answers 403.", scopes, values: client("personio-sandbox-no-absences"), expect: { outcome: "missing_scopes", missing: ["absences"] } },
  { provider: "personio", label: "Documents missing", description: "No read access to Documents (read through v1 document categories; optional here: the check passes with a warning).", scopes, values: client("personio-sandbox-no-documents"), expect: { outcome: "ok", missing: ["documents"] } },
  {
    provider: "personio",
    label: "Attributes missing",
    description: "Employees are readable, but department and hire_date are not whitelisted as readable employee attributes (v2 leaves such fields out; the v1 whitelist names them).",
    scopes,
    values: client("personio-sandbox-attributes-missing"),
    expect: { outcome: "missing_scopes", missing: ["employees"], missingAttributes: ["department", "hire_date"] },
  },
  { provider: "personio", label: "Rate limited", description: "The token request works, then every read is answered 429.", scopes, values: client("personio-sandbox-rate-limited"), expect: { outcome: "rate_limited" } },
  { provider: "personio", label: "Provider down", description: "Personio answers 503 to the token request.", scopes, values: client("personio-sandbox-down"), expect: { outcome: "provider_unreachable" } },
  { provider: "personio", label: "Slower than the timeout", description: "The token request works; the reads answer only after the request timeout.", scopes, values: client("personio-sandbox-slow"), expect: { outcome: "provider_unreachable" } },
  { provider: "personio", label: "Malformed answer", description: "The token request works; the reads answer HTML instead of JSON.", scopes, values: client("personio-sandbox-malformed"), expect: { outcome: "provider_error" } },
];
