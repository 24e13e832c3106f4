// Calling Access People HR and reading its answers (docs/providers/peoplehr.md). Every call is a POST of
// `{ APIKey, Action, …params }` to `/<Resource>`; the answer is HTTP 200 with the envelope
// `{ isError, Status, Message, Result }` whatever happened, so the meaning is in the body:
//   Status 0            success
//   Status 10           "No record found.": the call was allowed, there is just nothing to show
//   Status 1, 2         key missing / "Invalid API Key."                     → invalid key
//   Status 5 + "API key does not exist(s)"                                   → invalid key
//   Status 5 + "No access on … schema."                                      → permission missing
//   Status 5 + "EmployeeId does not exists."                                 → unknown employee
//   Status 6            "Oops! Something went wrong."                        → provider error
//   anything else (3, 4, 7, 8, 9, other 5s)                                  → provider error
// The documented limit is 30 calls a minute per IP address, answered with "an exception message"
// of unknown shape (UNCONFIRMED): HTTP 429, or an envelope whose Message speaks of a rate limit,
// both count as rate limited. 5xx means the service is down. The swagger spells the flag `IsError`
// while real answers say `isError`: both are accepted, and the Status code decides anyway.
import "server-only";
import { z } from "zod";
import type { ProviderHttp } from "@/lib/providers/http";

export const PEOPLEHR_RESOURCES = {
  GetAllEmployeeDetail: "/Employee",
  GetAbsenceDetail: "/Absence",
  GetHolidayDetail: "/Holiday",
  GetAllDocument: "/EmployeeDocument",
  GetAllVacancies: "/Vacancy",
} as const;
export type PeopleHrAction = keyof typeof PEOPLEHR_RESOURCES;

const envelopeSchema = z
  .object({
    isError: z.boolean().optional(),
    IsError: z.boolean().optional(),
    Status: z.number().int(),
    Message: z.string().nullish(),
    Result: z.unknown().optional(),
  })
  .refine((e) => e.isError !== undefined || e.IsError !== undefined, "no isError flag");

export type PeopleHrAnswer =
  | { kind: "ok"; status: number; result: unknown }
  /** Status 10: allowed, but nothing to show. */
  | { kind: "no_record"; status: number }
  | { kind: "invalid_key"; status: number }
  | { kind: "no_access"; status: number }
  | { kind: "unknown_employee"; status: number }
  | { kind: "rate_limited"; status: number; retryAfterSeconds?: number }
  /** HTTP 5xx: the service is down. */
  | { kind: "unreachable"; status: number }
  | { kind: "provider_error"; status?: number };

const RATE_LIMIT = /rate\s*limit|too many (requests|calls)/i;

/** Classifies an envelope. Pure, for tests; reads Message only to tell Status 5's cases apart. */
export function classifyEnvelope(body: unknown): PeopleHrAnswer {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return { kind: "provider_error" };
  const { Status: status, Message, Result } = parsed.data;
  const isError = parsed.data.isError ?? parsed.data.IsError;
  const message = Message ?? "";
  if (status === 0 && !isError) return { kind: "ok", status, result: Result };
  if (status === 10) return { kind: "no_record", status };
  if (RATE_LIMIT.test(message)) return { kind: "rate_limited", status };
  if (status === 1 || status === 2) return { kind: "invalid_key", status };
  if (status === 5) {
    if (/api\s*key/i.test(message)) return { kind: "invalid_key", status };
    if (/no access/i.test(message)) return { kind: "no_access", status };
    if (/employee\s*id/i.test(message)) return { kind: "unknown_employee", status };
  }
  return { kind: "provider_error", status };
}

/**
 * One action. The key goes in the body only. Transport failures (timeout, connection refused, an
 * answer that is not JSON) are thrown as `ProviderCallError` and classified by the check engine;
 * every answer People HR actually gives comes back classified.
 */
export async function callPeopleHr(
  http: ProviderHttp,
  apiKey: string,
  action: PeopleHrAction,
  params: Record<string, string> = {},
): Promise<PeopleHrAnswer> {
  const res = await http.request({ method: "POST", path: PEOPLEHR_RESOURCES[action], json: { APIKey: apiKey, Action: action, ...params } });
  if (res.status === 429) return { kind: "rate_limited", status: 429, retryAfterSeconds: res.retryAfterSeconds() ?? 60 };
  if (res.status >= 500) return { kind: "unreachable", status: res.status };
  if (res.status !== 200) return { kind: "provider_error", status: res.status };
  const answer = classifyEnvelope(res.json());
  if (answer.kind === "rate_limited") return { ...answer, retryAfterSeconds: res.retryAfterSeconds() ?? 60 };
  return answer;
}

const wrapped = z.object({ DisplayValue: z.string().nullish() }).nullish();
const employeeRow = z.object({ EmployeeId: wrapped, Department: wrapped, Company: wrapped }).loose();
export const employeeListSchema = z.array(employeeRow);

export type EmployeeSummary = { ids: string[]; departments: string[]; company?: string };

/** Employee ids, the departments derived from them, and the most common company name. */
export function summariseEmployees(result: unknown): EmployeeSummary | undefined {
  const parsed = employeeListSchema.safeParse(result);
  if (!parsed.success) return undefined;
  const ids: string[] = [];
  const departments = new Set<string>();
  const companies = new Map<string, number>();
  for (const row of parsed.data) {
    const id = row.EmployeeId?.DisplayValue?.trim();
    if (id) ids.push(id);
    const dep = row.Department?.DisplayValue?.trim();
    if (dep) departments.add(dep);
    const company = row.Company?.DisplayValue?.trim();
    if (company) companies.set(company, (companies.get(company) ?? 0) + 1);
  }
  const company = [...companies.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { ids, departments: [...departments].sort(), company: company?.slice(0, 120) };
}
