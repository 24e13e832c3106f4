// A simulator of the Personio v1 API (docs/providers/personio.md, personio-auth-v1 and
// personio-personnel-data-v1): POST /v1/auth, the v1 envelopes and error bodies, limit/offset
// paging, the token echoed in the Authorization response header, and attributes that are not
// whitelisted silently left out. Behaviours the sources leave open are the constants below.
import type { SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";
import { bearer, json, readBody, signToken, sleep, verifyToken } from "@/lib/sandbox/util";
import { PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET, type PersonioArea, type PersonioProfile } from "@/lib/sandbox/personio/credentials";
import { personioData } from "@/lib/sandbox/personio/data";

export const PERSONIO_SANDBOX_STATUS = {
  /** UNCONFIRMED (docs/providers/personio.md, Authentication): 401 or 403 for wrong credentials. */
  wrongCredentials: 403,
  /** UNCONFIRMED (docs/providers/personio.md, Errors): the status of forbidden.http.exception. */
  forbidden: 403,
  rateLimited: 429,
  down: 503,
} as const;
/** UNCONFIRMED (docs/providers/personio.md, Errors): whether Personio sends Retry-After. The sandbox does, with this value. */
export const PERSONIO_SANDBOX_RETRY_AFTER: number | undefined = 60;
const TOKEN_LIFETIME_SECONDS = 86_400;
const EMPLOYEES_DEFAULT_LIMIT = 50;
const EMPLOYEES_MAX_LIMIT = 100;
const LIST_DEFAULT_LIMIT = 200;

function error(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { success: false, error: { code, message } }, headers);
}

function malformed(): Response {
  return new Response("<html><body>Bad gateway</body></html>", { status: 200, headers: { "content-type": "application/json", "x-sandbox-malformed": "1" } });
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n < min || n > max ? undefined : n;
}

function isDate(v: string | null): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
}

const AREA_OF: Array<[RegExp, PersonioArea]> = [
  [/^\/v1\/company\/employees(\/|$)/, "employees"],
  [/^\/v1\/company\/attendances(\/|$)/, "attendances"],
  [/^\/v1\/company\/(time-offs|time-off-types|absence-periods)(\/|$)/, "absences"],
  [/^\/v1\/company\/(document-categories|documents)(\/|$)/, "documents"],
];

export function createPersonioSandbox(options: SandboxOptions = {}): SandboxHandler {
  const slowMs = options.slowMs ?? 12_000;

  const authenticate = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const body = (await readBody(req)) ?? {};
    // The Postman collection also sends them as query parameters.
    const clientId = String(body.client_id ?? url.searchParams.get("client_id") ?? "");
    const secret = String(body.client_secret ?? url.searchParams.get("client_secret") ?? "");
    const profile = PERSONIO_SANDBOX_CLIENTS[clientId];
    if (profile?.down) return error(PERSONIO_SANDBOX_STATUS.down, 0, "Something went wrong");
    if (!profile || secret !== PERSONIO_SANDBOX_SECRET) return error(PERSONIO_SANDBOX_STATUS.wrongCredentials, 0, "Wrong credentials");
    const now = Math.floor(Date.now() / 1000);
    const token = signToken("papi-sandbox", { iat: now, exp: now + TOKEN_LIFETIME_SECONDS, sub: clientId });
    return json(200, { success: true, data: { token, expires_in: TOKEN_LIFETIME_SECONDS, scope: profile.areas.map((a) => `${a}:read`).join(" ") } });
  };

  const route = async (req: Request, path: string, profile: PersonioProfile, token: string): Promise<Response> => {
    const url = new URL(req.url);
    const area = AREA_OF.find(([re]) => re.test(path))?.[1];
    if (!area) return error(404, 404, "Not found");
    if (profile.rateLimited) {
      return error(PERSONIO_SANDBOX_STATUS.rateLimited, 429, "Too Many Requests", PERSONIO_SANDBOX_RETRY_AFTER ? { "retry-after": String(PERSONIO_SANDBOX_RETRY_AFTER) } : {});
    }
    if (profile.slow) await sleep(slowMs, req.signal);
    if (profile.malformed) return malformed();
    if (!profile.areas.includes(area)) return error(PERSONIO_SANDBOX_STATUS.forbidden, 0, "personio.core.api.exceptions.api.forbidden.http.exception");
    if (req.method !== "GET") return error(405, 405, "Method not allowed");
    // Every successful v1 data answer echoes the (stable) bearer token (docs/providers/personio.md).
    const ok = (body: unknown) => json(200, body, { authorization: `Bearer ${token}` });
    const d = personioData();

    if (path === "/v1/company/employees") {
      const limit = intParam(url, "limit", EMPLOYEES_DEFAULT_LIMIT, 1, EMPLOYEES_MAX_LIMIT);
      const offset = intParam(url, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === undefined || offset === undefined) return error(400, 400, "The given data failed to pass validation.");
      const email = url.searchParams.get("email");
      const wanted = url.searchParams.getAll("attributes[]");
      const all = d.employees.filter((e) => !email || e.email.value === email);
      const data = all.slice(offset, offset + limit).map((e) => ({
        type: "Employee",
        // Attributes that are not whitelisted are left out without an error (docs/providers/personio.md).
        attributes: Object.fromEntries(Object.entries(e).filter(([k]) => profile.attributes.includes(k) && (wanted.length === 0 || wanted.includes(k) || k === "id"))),
      }));
      return ok({
        success: true,
        metadata: { total_elements: all.length, current_page: Math.floor(offset / limit), total_pages: Math.max(1, Math.ceil(all.length / limit)) },
        offset,
        limit,
        data,
      });
    }
    if (path === "/v1/company/employees/attributes" || path === "/v1/company/employees/custom-attributes") {
      return ok({ success: true, data: d.attributes.filter((a) => profile.attributes.includes(a.key)) });
    }
    if (path === "/v1/company/attendances") {
      const start = url.searchParams.get("start_date");
      const end = url.searchParams.get("end_date");
      if (!isDate(start) || !isDate(end)) return error(400, 400, "The given data failed to pass validation.");
      const limit = intParam(url, "limit", LIST_DEFAULT_LIMIT, 1, LIST_DEFAULT_LIMIT);
      const offset = intParam(url, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === undefined || offset === undefined) return error(400, 400, "The given data failed to pass validation.");
      const all = d.attendances.filter((a) => a.attributes.date >= start && a.attributes.date <= end);
      return ok({
        success: true,
        metadata: { total_elements: all.length, current_page: Math.floor(offset / limit), total_pages: Math.max(1, Math.ceil(all.length / limit)) },
        offset,
        limit,
        data: all.slice(offset, offset + limit),
      });
    }
    if (path === "/v1/company/time-offs") {
      const limit = intParam(url, "limit", LIST_DEFAULT_LIMIT, 1, LIST_DEFAULT_LIMIT);
      // For time-offs, `offset` is a page index (docs/providers/personio.md).
      const page = intParam(url, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === undefined || page === undefined) return error(400, 400, "The given data failed to pass validation.");
      const start = url.searchParams.get("start_date");
      const end = url.searchParams.get("end_date");
      const all = d.timeOffs.filter((t) => (!start || t.attributes.end_date.slice(0, 10) >= start) && (!end || t.attributes.start_date.slice(0, 10) <= end));
      return ok({
        success: true,
        metadata: { total_elements: all.length, current_page: page, total_pages: Math.max(1, Math.ceil(all.length / limit)) },
        data: all.slice(page * limit, (page + 1) * limit),
      });
    }
    if (path === "/v1/company/time-off-types") return ok({ success: true, data: d.timeOffTypes });
    if (path === "/v1/company/document-categories") return ok({ success: true, data: d.documentCategories });
    return error(404, 404, "Not found");
  };

  return async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "") || "/";
    if (path === "/v1/auth") {
      if (req.method !== "POST") return error(405, 405, "Method not allowed");
      return authenticate(req);
    }
    if (!path.startsWith("/v1/")) return error(404, 404, "Not found");
    const token = bearer(req);
    if (!token) return error(401, 401, "Authorization is not provided");
    const claims = verifyToken("papi-sandbox", token);
    const profile = typeof claims?.sub === "string" ? PERSONIO_SANDBOX_CLIENTS[claims.sub] : undefined;
    if (!profile) return error(403, 403, "Provided authorization is not valid");
    return route(req, path, profile, token);
  };
}
