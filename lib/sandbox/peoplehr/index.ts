// A simulator of the Access People HR API (api.peoplehr.net), faithful to the public swagger and to
// what real clients observe (docs/providers/peoplehr.md):
// - every call is `POST /<Resource>` with a JSON body `{ APIKey, Action, …params }`;
// - every answer is HTTP 200 with the envelope `{ isError, Status, Message, Result }`. Real
//   responses spell it `isError` (lower-case i) even though the swagger says `IsError`; we send
//   what the real API sends. On an error `Result` is left out (UNCONFIRMED: absent or null);
// - Status codes: 1 key missing, 2 "Invalid API Key.", 3/4 action missing/invalid, 5 "API key does
//   not exists." / "No access on <area> schema." / parameter validation, 6 internal error,
//   7/9 no or invalid JSON, 10 "No record found." (sent with isError true: UNCONFIRMED).
// Choices for UNCONFIRMED behaviour, each one option away:
// - a malformed key (not UUID-shaped) gets Status 2, a well-formed unknown key Status 5;
// - the documented limit is 30 calls a minute per IP address, answered with "an exception message".
//   The counting limit is opt-in (`rateLimitPerMinute: PEOPLEHR_RATE_LIMIT_PER_MINUTE`): the app's
//   demo instance leaves it off, because every check there comes from the one server address and a
//   person (or an end-to-end test) trying several keys in a row would trip it; the documented
//   PHRSANDBOX-RATE-LIMITED key shows that outcome on demand. When on, it counts per client address (x-forwarded-for, else one shared bucket: the app's
//   own calls all come from one address, as a Latchkey server's calls to People HR do). By default
//   it answers the way the rest of the API answers errors, HTTP 200 with an error envelope
//   (Status 6) whose Message names the limit, plus a Retry-After header (`rateLimitStyle:
//   "envelope"`); `"http429"` answers HTTP 429 instead. The client reads both as rate limited;
// - an outage is a 503 HTML page from in front of the API: outside the swagger on purpose, so it
//   carries the `x-sandbox-malformed` marker the contract test expects on such answers;
// - access is checked before the parameters, so a key without an area gets "No access on … schema."
//   even for an unknown EmployeeId.
import { PEOPLEHR_SANDBOX_KEYS, type PeopleHrArea, type PeopleHrProfile } from "@/lib/sandbox/peoplehr/credentials";
import * as data from "@/lib/sandbox/peoplehr/fixtures";
import type { SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";
import { sleep } from "@/lib/sandbox/util";

/** "30 calls a minute from a specific IP address" (People HR's API introduction). */
export const PEOPLEHR_RATE_LIMIT_PER_MINUTE = 30;

export type PeopleHrSandboxOptions = SandboxOptions & {
  /** Calls a minute per client address; 0 (the default) turns the counting off. The
   * "slower than the timeout" key answers after `slowMs` (default 30 s). */
  rateLimitPerMinute?: number;
  rateLimitStyle?: "http429" | "envelope";
  /** Extra keys with their profiles, for tests. */
  keys?: Record<string, PeopleHrProfile>;
  now?: () => number;
};

/** The swagger's "schema" names in "No access on … schema." */
const schemaName: Record<PeopleHrArea, string> = {
  employee: "employee",
  absence: "absence",
  holiday: "holiday",
  document: "employee document",
  vacancy: "ATS",
};

type ActionSpec = { area: PeopleHrArea; run: (body: Record<string, unknown>) => Envelope };

type Envelope = { isError: boolean; Status: number; Message: string; Result?: unknown };

const ok = (result: unknown): Envelope => ({ isError: false, Status: 0, Message: "The requested processed successfully.", Result: result });
const fail = (status: number, message: string): Envelope => ({ isError: true, Status: status, Message: message });
const noRecord = (): Envelope => fail(10, "No record found.");
const rows = (list: unknown[]): Envelope => (list.length ? ok(list) : noRecord());

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function employeeParam(body: Record<string, unknown>): string | Envelope {
  const id = body.EmployeeId;
  if (typeof id !== "string" || !id.trim() || id.length > 15 || !data.employeeExists(id)) return fail(5, "EmployeeId does not exists.");
  return id;
}

function dateParam(body: Record<string, unknown>, name: string, required: boolean): string | undefined | Envelope {
  const v = body[name];
  if (v === undefined || v === "") return required ? fail(5, `${name} is required.`) : undefined;
  if (typeof v !== "string" || !DATE.test(v)) return fail(5, `${name} contains invalid data.`);
  return v;
}

const isEnvelope = (v: unknown): v is Envelope => typeof v === "object" && v !== null && "Status" in v;

/** Resource path → action name → what it needs and does. Paths as real clients use them. */
const resources: Record<string, Record<string, ActionSpec>> = {
  employee: {
    GetAllEmployeeDetail: {
      area: "employee",
      run: (body) => {
        const inc = body.IncludeLeavers;
        if (inc !== "true" && inc !== "false" && inc !== true && inc !== false) return fail(5, "IncludeLeavers contains invalid data.");
        return rows(data.employees(inc === "true" || inc === true));
      },
    },
    GetEmployeeDetailById: {
      area: "employee",
      run: (body) => {
        const id = employeeParam(body);
        return isEnvelope(id) ? id : ok(data.employeeById(id));
      },
    },
  },
  absence: {
    GetAbsenceDetail: {
      area: "absence",
      run: (body) => {
        const id = employeeParam(body);
        if (isEnvelope(id)) return id;
        const from = dateParam(body, "StartDate", true);
        if (isEnvelope(from)) return from;
        const to = dateParam(body, "EndDate", true);
        if (isEnvelope(to)) return to;
        return rows(data.absences(id, from!, to!));
      },
    },
  },
  holiday: {
    GetHolidayDetail: {
      area: "holiday",
      run: (body) => {
        const id = employeeParam(body);
        if (isEnvelope(id)) return id;
        const from = dateParam(body, "StartDate", false);
        if (isEnvelope(from)) return from;
        const to = dateParam(body, "EndDate", false);
        if (isEnvelope(to)) return to;
        return rows(data.holidays(id, from, to));
      },
    },
  },
  employeedocument: {
    GetAllDocument: {
      area: "document",
      run: (body) => {
        const id = employeeParam(body);
        return isEnvelope(id) ? id : rows(data.documents(id));
      },
    },
  },
  vacancy: {
    GetAllVacancies: { area: "vacancy", run: () => rows(data.vacancies()) },
  },
};
// The swagger's own resource names, accepted as aliases.
resources.employeeabsence = resources.absence!;
resources.employeeholiday = resources.holiday!;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache", ...headers },
  });
}

/** The resource name from `/Employee`, `/sandbox/peoplehr/Employee`, `/v3.1/Employee`, … */
export function resourceOf(pathname: string): string {
  const segments = pathname.split("/").filter(Boolean);
  return decodeURIComponent(segments[segments.length - 1] ?? "").replace(/\s+/g, "").toLowerCase();
}

export function createPeoplehrSandbox(options: PeopleHrSandboxOptions = {}): SandboxHandler & { reset(): void } {
  const limit = options.rateLimitPerMinute ?? 0;
  const style = options.rateLimitStyle ?? "envelope";
  const slowMs = options.slowMs ?? 30_000;
  const now = options.now ?? Date.now;
  const calls = new Map<string, number[]>();

  function rateLimited(retryAfter: number): Response {
    const message = "API rate limit exceeded: 30 calls a minute from one IP address. Please try again later.";
    if (style === "envelope") return json(fail(6, message), 200, { "retry-after": String(retryAfter) });
    return json(fail(6, message), 429, { "retry-after": String(retryAfter) });
  }

  /** Sliding one-minute window per client address. Returns seconds to wait, or 0. */
  function overLimit(client: string): number {
    if (limit <= 0) return 0;
    const t = now();
    const recent = (calls.get(client) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= limit) {
      calls.set(client, recent);
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - t) / 1000));
    }
    recent.push(t);
    calls.set(client, recent);
    return 0;
  }

  const handler = async (req: Request): Promise<Response> => {
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
    const client = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "local";
    const wait = overLimit(client);
    if (wait) return rateLimited(wait);

    const text = await req.text();
    if (!text.trim()) return json(fail(7, "No json data found."));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return json(fail(9, "Invalid json data."));
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) return json(fail(9, "Invalid json data."));
    const params = body as Record<string, unknown>;

    const apiKey = params.APIKey;
    if (typeof apiKey !== "string" || !apiKey) return json(fail(1, "API key is missing."));
    const profile = options.keys?.[apiKey] ?? (Object.hasOwn(PEOPLEHR_SANDBOX_KEYS, apiKey) ? PEOPLEHR_SANDBOX_KEYS[apiKey] : undefined);
    if (!profile) return json(UUID.test(apiKey) ? fail(5, "API key does not exists.") : fail(2, "Invalid API Key."));
    if (profile.rateLimited) return rateLimited(60);
    if (profile.down) return new Response("<html><body><h1>503 Service Unavailable</h1></body></html>", { status: 503, headers: { "content-type": "text/html", "x-sandbox-malformed": "1" } });
    if (profile.slow) {
      await sleep(slowMs, req.signal);
      return json(fail(6, "Oops! Something went wrong."));
    }
    if (profile.malformed) {
      return new Response('{"isError": false, "Status": 0, "Message": "The requested processed successfully.", "Result": [{"EmployeeId"', {
        status: 200,
        // Marks the answer for the contract test: it must fail validation, everything else must pass.
        headers: { "content-type": "application/json; charset=utf-8", "x-sandbox-malformed": "1" },
      });
    }
    if (profile.serverError) return json(fail(6, "Oops! Something went wrong."));
    const areas: PeopleHrArea[] = profile.areas;

    const action = params.Action;
    if (action === undefined) return json(fail(3, "Action is missing."));
    if (typeof action !== "string" || !action.trim()) return json(fail(4, "Action cannot be empty."));
    const spec = resources[resourceOf(new URL(req.url).pathname)]?.[action];
    if (!spec) return json(fail(4, "Invalid Action."));
    if (!areas.includes(spec.area)) return json(fail(5, `No access on ${schemaName[spec.area]} schema.`));
    return json(spec.run(params));
  };
  return Object.assign(handler, { reset: () => calls.clear() });
}

/** The app's instance (demo mode, /sandbox/peoplehr/...). */
