// Access People HR: authentication and one read-only probe per scope.
//
// People HR has no token exchange and no "who am I" call that every key may make, so the first
// real read doubles as authentication: `GetAllEmployeeDetail` (IncludeLeavers "false").
// - Status 2, or Status 5 "API key does not exists." → the key is wrong;
// - "No access on employee schema." → the key is valid, but Employee is not ticked;
// - success → the key is valid; the employee ids are kept for the probes below, the departments
//   are derived from the employees' Department field (People HR has no department list), and the
//   most common Company value becomes the account label.
// A check makes 5 calls at most (People HR allows 30 a minute per IP address).
//
// Absence, Holiday and Employee Document actions only answer for a named employee. We ask about a
// real employee taken from the employees call: its answer can only be "allowed" (rows or "No record
// found.") or "No access on … schema.", whatever order People HR validates in. Probing with a
// made-up id instead would rely on People HR checking access before the id, which is not
// documented: a key without the permission might then be reported as granted. When the key cannot
// read employees (or the company has none), we still probe with a made-up id, but only trust
// "No access" (→ missing); "EmployeeId does not exists." is reported as unknown, with a note that
// Employee access is needed first.
import "server-only";
import type { PeopleHrCredentials } from "@/lib/providers/peoplehr";
import { peoplehr, peopleHrActions, peopleHrPermissionName, type PeopleHrAreaKey } from "@/lib/providers/peoplehr";
import { providerText, providerTextEach } from "@/lib/providers/text";
import { callPeopleHr, summariseEmployees, type PeopleHrAction, type PeopleHrAnswer } from "@/lib/providers/peoplehr/api";
import { defineProviderServer, type AuthResult, type ProbeContext, type ProbeOutcome } from "@/lib/providers/kit";
import type { Localized } from "@/lib/providers/types";

/** Used only when no real employee id is readable. At most 15 characters, like real ids. */
export const PROBE_EMPLOYEE_ID = "LATCHKEY-PROBE";

export type PeopleHrSession = {
  apiKey: string;
  employees: { granted: true; status: number; ids: string[]; departments: string[] } | { granted: false; status: number };
};

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function authFromAnswer(apiKey: string, answer: PeopleHrAnswer): AuthResult<PeopleHrSession> {
  switch (answer.kind) {
    case "ok": {
      const summary = summariseEmployees(answer.result);
      if (!summary) return { ok: false, outcome: "provider_error", status: answer.status };
      return {
        ok: true,
        session: { apiKey, employees: { granted: true, status: answer.status, ids: summary.ids, departments: summary.departments } },
        accountLabel: summary.company,
        status: answer.status,
      };
    }
    case "no_record":
      return { ok: true, session: { apiKey, employees: { granted: true, status: answer.status, ids: [], departments: [] } }, status: answer.status };
    case "no_access":
      return { ok: true, session: { apiKey, employees: { granted: false, status: answer.status } }, status: answer.status };
    case "invalid_key":
      return { ok: false, outcome: "invalid_credentials", status: answer.status };
    case "rate_limited":
      return { ok: false, outcome: "rate_limited", status: answer.status, retryAfterSeconds: answer.retryAfterSeconds };
    case "unreachable":
      return { ok: false, outcome: "provider_unreachable", status: answer.status };
    case "unknown_employee":
    case "provider_error":
      return { ok: false, outcome: "provider_error", status: answer.status };
  }
}

const needsEmployeeFirst = () => providerText("peoplehr", "checks.needsEmployeeFirst", { permission: peopleHrPermissionName(["employee"]) });

/** Where to tick exactly these areas' actions, in every language. */
export function peopleHrFix(keys: PeopleHrAreaKey[]): Localized {
  return providerTextEach("peoplehr", "fix.text", (lang) => {
    const and = providerText("peoplehr", "fix.and")[lang];
    return { ticks: keys.map((k) => providerText("peoplehr", "fix.tick", { ...peopleHrActions[k] })[lang]).join(and) };
  });
}

/** One area's verdict from one answer. */
function verdict(answer: PeopleHrAnswer, realEmployee: boolean): ProbeOutcome {
  switch (answer.kind) {
    case "ok":
    case "no_record":
      return { status: "granted", providerStatus: answer.status };
    case "no_access":
      return { status: "missing", providerStatus: answer.status };
    case "unknown_employee":
      return realEmployee
        ? { status: "unknown", reason: "provider_error", providerStatus: answer.status }
        : { status: "unknown", reason: "not_probeable", providerStatus: answer.status, detail: needsEmployeeFirst() };
    case "rate_limited":
      return { status: "unknown", reason: "rate_limited", providerStatus: answer.status, retryAfterSeconds: answer.retryAfterSeconds };
    case "unreachable":
      return { status: "unknown", reason: "unreachable", providerStatus: answer.status };
    case "invalid_key":
    case "provider_error":
      return { status: "unknown", reason: "provider_error", providerStatus: answer.status };
  }
}

const UNKNOWN_ORDER = ["rate_limited", "unreachable", "timeout", "provider_error", "not_probeable"] as const;

/** Runs one action per area in parallel and combines: any missing wins, naming exactly those areas. */
async function probeAreas(
  session: PeopleHrSession,
  ctx: ProbeContext,
  calls: Array<{ area: PeopleHrAreaKey; action: PeopleHrAction; params?: Record<string, string> }>,
): Promise<ProbeOutcome> {
  const realId = session.employees.granted ? session.employees.ids[0] : undefined;
  const employeeId = realId ?? PROBE_EMPLOYEE_ID;
  const results = await Promise.all(
    calls.map(async (c) => {
      const params = { ...c.params };
      if (c.action !== "GetAllVacancies") params.EmployeeId = employeeId;
      return { area: c.area, outcome: verdict(await callPeopleHr(ctx.http, session.apiKey, c.action, params), realId !== undefined) };
    }),
  );
  const missing = results.filter((r) => r.outcome.status === "missing");
  if (missing.length) {
    const areas = missing.map((r) => r.area);
    const names = peopleHrPermissionName(areas);
    return {
      status: "missing",
      providerStatus: missing[0]!.outcome.providerStatus,
      fix: peopleHrFix(areas),
      detail: calls.length > 1 ? providerText("peoplehr", "checks.notTicked", { names }) : undefined,
    };
  }
  const unknown = results.map((r) => r.outcome).filter((o): o is Extract<ProbeOutcome, { status: "unknown" }> => o.status === "unknown");
  if (unknown.length) return unknown.sort((a, b) => UNKNOWN_ORDER.indexOf(a.reason) - UNKNOWN_ORDER.indexOf(b.reason))[0]!;
  return { status: "granted", providerStatus: results[0]?.outcome.providerStatus };
}

const employeesMissing = (session: PeopleHrSession): ProbeOutcome => ({ status: "missing", providerStatus: session.employees.status });

export const peoplehrServer = defineProviderServer(peoplehr, {
  async authenticate(credentials: PeopleHrCredentials, ctx) {
    const answer = await callPeopleHr(ctx.http, credentials.apiKey, "GetAllEmployeeDetail", { IncludeLeavers: "false" });
    return authFromAnswer(credentials.apiKey, answer);
  },
  probes: {
    async employees(session: PeopleHrSession) {
      const e = session.employees;
      if (!e.granted) return employeesMissing(session);
      return { status: "granted", providerStatus: e.status };
    },
    async departments(session: PeopleHrSession) {
      const e = session.employees;
      if (!e.granted) return employeesMissing(session);
      const n = e.departments.length;
      return {
        status: "granted",
        providerStatus: e.status,
        detail: providerText("peoplehr", "checks.departmentsFound", { count: n }),
      };
    },
    async absences(session: PeopleHrSession, ctx) {
      const today = new Date();
      const yearAgo = new Date(today.getTime() - 365 * 86_400_000);
      const window = { StartDate: isoDate(yearAgo), EndDate: isoDate(today) };
      return probeAreas(session, ctx, [
        { area: "absence", action: "GetAbsenceDetail", params: window },
        { area: "holiday", action: "GetHolidayDetail", params: window },
      ]);
    },
    async documents(session: PeopleHrSession, ctx) {
      return probeAreas(session, ctx, [{ area: "document", action: "GetAllDocument" }]);
    },
    async "ats.jobs"(session: PeopleHrSession, ctx) {
      return probeAreas(session, ctx, [{ area: "vacancy", action: "GetAllVacancies" }]);
    },
  },
  proxyAuth(_session: PeopleHrSession, credentials: PeopleHrCredentials) {
    return { json: { APIKey: credentials.apiKey } };
  },
});
