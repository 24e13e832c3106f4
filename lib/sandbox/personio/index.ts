// A simulator of the Personio API v2 (docs/providers/personio.md): POST /v2/auth/token with
// form-encoded client credentials and its OAuth2 errors, persons and their employments,
// attendance and absence periods, cursor pagination with absolute `next` links, problem+json
// errors, and fields that are not whitelisted ("readable employee attributes") left out of a
// person without an error. It keeps the v1 reads that something still uses: the attributes
// whitelist and document categories (the check), and the employees list (the sync example through
// the passthrough); a v2 token works there too. Behaviours the sources leave open are the
// constants below.
import type { SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";
import { SANDBOX_BASE_HEADER } from "@/lib/sandbox/types";
import { bearer, json, readBody, signToken, sleep, verifyToken } from "@/lib/sandbox/util";
import { PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET, type PersonioArea, type PersonioProfile } from "@/lib/sandbox/personio/credentials";
import { personioData } from "@/lib/sandbox/personio/data";

export const PERSONIO_SANDBOX_STATUS = {
  /** UNCONFIRMED (docs/providers/personio.md, Errors): 401 or 403 for a v2 read without the scope. The sandbox uses the documented 403. */
  forbidden: 403,
  /** UNCONFIRMED: the status of a missing or invalid v2 token. */
  unauthorized: 401,
  rateLimited: 429,
  down: 503,
} as const;
/** UNCONFIRMED (docs/providers/personio.md, Errors): whether Personio sends Retry-After. The sandbox does, with this value. */
export const PERSONIO_SANDBOX_RETRY_AFTER: number | undefined = 60;
const TOKEN_LIFETIME_SECONDS = 86_400;
const V1_EMPLOYEES_DEFAULT_LIMIT = 50;
const V1_EMPLOYEES_MAX_LIMIT = 100;

/**
 * The v2 scopes each access area grants, as a real token's `scope` string mixes them: the
 * `personio:*` names and the legacy ones (docs/providers/personio.md, v2 scopes). Documents has
 * only the legacy name (UNCONFIRMED).
 */
export const PERSONIO_AREA_SCOPES: Record<PersonioArea, string[]> = {
  employees: ["personio:persons:read", "employees:read"],
  attendances: ["personio:attendances:read", "attendances:read"],
  absences: ["personio:absences:read", "absences:read"],
  documents: ["documents:read"],
};

/** Each v2 list: its access area and its `limit` bounds (docs/providers/personio.md, v2 resources). */
type ListSpec = { area: PersonioArea; defaultLimit: number; maxLimit: number };
const PERSONS: ListSpec = { area: "employees", defaultLimit: 10, maxLimit: 50 };
const EMPLOYMENTS: ListSpec = { area: "employees", defaultLimit: 10, maxLimit: 50 };
const ATTENDANCE_PERIODS: ListSpec = { area: "attendances", defaultLimit: 100, maxLimit: 100 };
const ABSENCE_PERIODS: ListSpec = { area: "absences", defaultLimit: 100, maxLimit: 100 };

/**
 * Which readable employee attribute a v2 field needs (the simulator's choice: v2 documents no
 * mapping). A field whose attribute is not whitelisted is left out, never answered with an error.
 */
const PERSON_FIELD_ATTRIBUTE: Record<string, string> = { first_name: "first_name", last_name: "last_name", preferred_name: "first_name", email: "email", gender: "gender", status: "status" };
const EMPLOYMENT_FIELD_ATTRIBUTE: Record<string, string> = { position: "position", status: "status", employment_start_date: "hire_date" };

const FORBIDDEN_TYPE = "https://developer.personio.de/v2.0/page/public-api-error-codes#commonforbidden";

function problem(status: number, title: string, detail: string, type: string, headers: Record<string, string> = {}): Response {
  return json(
    status,
    { personio_trace_id: crypto.randomUUID(), timestamp: new Date().toISOString(), errors: [{ title, detail, type, _meta: {} }] },
    { "content-type": "application/problem+json", ...headers },
  );
}
const badRequest = (detail = "Provided request parameters are invalid.") => problem(400, "Bad request", detail, "https://developer.personio.de/reference/errors#common.bad_request");
const notFound = () => problem(404, "Resource not found", "There is no resource for the specified id.", "https://developer.personio.de/reference/errors#common.requested_resource_not_found");

/** /v2/auth/token errors: the OAuth2 body (OAuth2TokenErrorResponse), always HTTP 400. */
function oauthError(error: string, description: string, meta?: Record<string, unknown>): Response {
  return json(
    400,
    {
      timestamp: new Date().toISOString(),
      trace_id: crypto.randomUUID(),
      error,
      error_description: description,
      error_uri: `https://developer.personio.de/reference/errors#credentials.oauth2.${error}`,
      ...(meta ? { meta } : {}),
    },
    { "content-type": "application/problem+json" },
  );
}

function v1Error(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
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

/** Opaque cursors: the list they belong to and the offset of the next page. A cursor of another list is invalid. */
function encodeCursor(list: string, offset: number): string {
  return `cur_${Buffer.from(JSON.stringify({ l: list, o: offset })).toString("base64url")}`;
}
function decodeCursor(list: string, cursor: string): number | undefined {
  if (!cursor.startsWith("cur_")) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor.slice(4), "base64url").toString("utf8")) as { l?: unknown; o?: unknown };
    return v.l === list && typeof v.o === "number" && Number.isInteger(v.o) && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the fields of `item` whose attribute is readable (fields without a mapping always stay). */
function readableFields<T extends Record<string, unknown>>(item: T, mapping: Record<string, string>, attributes: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !(k in mapping) || attributes.includes(mapping[k]!))) as Partial<T>;
}

/** The v1 reads still simulated. Everything else of v1 (auth, attendances, time-offs, …) is gone here: nothing calls it. */
const V1_AREA: Array<[RegExp, PersonioArea]> = [
  [/^\/v1\/company\/employees(\/|$)/, "employees"],
  [/^\/v1\/company\/document-categories$/, "documents"],
];

export function createPersonioSandbox(options: SandboxOptions = {}): SandboxHandler {
  const slowMs = options.slowMs ?? 12_000;

  const token = async (req: Request): Promise<Response> => {
    if (!(req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
      return oauthError("invalid_request", 'The content type of the request must be "application/x-www-form-urlencoded".');
    }
    const body = (await readBody(req)) ?? {};
    const missing = ["grant_type", "client_id", "client_secret"].filter((k) => typeof body[k] !== "string" || body[k] === "");
    if (missing.length) return oauthError("invalid_request", "The request has missing or invalid required parameters.", { missing_parameters: missing });
    if (body.grant_type !== "client_credentials") return oauthError("unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    const profile = PERSONIO_SANDBOX_CLIENTS[String(body.client_id)];
    if (profile?.down) return problem(PERSONIO_SANDBOX_STATUS.down, "Service Unavailable", "The service is temporarily unavailable. Please try again later.", "https://developer.personio.de/reference/errors#common.service_unavailable");
    if (!profile) return oauthError("invalid_client", "Client authentication failed (e.g., unknown client, wrong secret, no client authentication included, or unsupported authentication method).");
    // The spec's "Invalid Credentials" example: a known client with a wrong secret.
    if (body.client_secret !== PERSONIO_SANDBOX_SECRET) return oauthError("unauthorized_client", "Client is not allowed to use the specified grant type flow.");
    const held = profile.areas.flatMap((a) => PERSONIO_AREA_SCOPES[a]);
    const asked = typeof body.scope === "string" && body.scope.trim() ? body.scope.trim().split(/\s+/) : undefined;
    // One scope per request tells whether the credential holds it: 400 invalid_scope when not.
    if (asked?.some((s) => !held.includes(s))) return oauthError("invalid_scope", "One of the requested scopes is invalid.");
    const granted = asked ?? held;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signToken("papi-sandbox", { iat: now, exp: now + TOKEN_LIFETIME_SECONDS, sub: String(body.client_id), scope: granted.join(" ") });
    return json(200, { access_token: accessToken, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, scope: granted.join(" ") });
  };

  /** A v2 list page: `limit` within the list's bounds, an optional cursor, absolute `self`/`next` links. */
  const page = (req: Request, path: string, spec: ListSpec, all: unknown[]): Response => {
    const url = new URL(req.url);
    const limit = intParam(url, "limit", spec.defaultLimit, 1, spec.maxLimit);
    if (limit === undefined) return badRequest();
    const cursor = url.searchParams.get("cursor");
    const offset = cursor ? decodeCursor(path, cursor) : 0;
    if (offset === undefined) return badRequest("The provided cursor is invalid.");
    // Absolute links, as Personio sends them since v2 left beta (clients accept relative ones too).
    const base = req.headers.get(SANDBOX_BASE_HEADER) ?? url.origin;
    // The links repeat the request's filters (as the org-unit links do), so a next page stays filtered.
    const link = (o: number) => {
      const q = new URLSearchParams(url.searchParams);
      q.delete("cursor");
      q.set("limit", String(limit));
      if (o) q.set("cursor", encodeCursor(path, o));
      return { href: `${base}${path}?${q.toString()}` };
    };
    const links: Record<string, { href: string }> = { self: link(offset) };
    if (offset + limit < all.length) links.next = link(offset + limit);
    return json(200, { _data: all.slice(offset, offset + limit), _meta: { links } });
  };

  const v2 = async (req: Request, path: string, profile: PersonioProfile, scopes: string[]): Promise<Response> => {
    const d = personioData();
    const url = new URL(req.url);
    const base = req.headers.get(SANDBOX_BASE_HEADER) ?? url.origin;
    const need = (area: PersonioArea): Response | undefined =>
      PERSONIO_AREA_SCOPES[area].some((s) => scopes.includes(s))
        ? undefined
        : problem(PERSONIO_SANDBOX_STATUS.forbidden, "Insufficient access scope", "Client scope insufficient to access resource", FORBIDDEN_TYPE);
    const person = (p: (typeof d.persons)[number]) => ({
      ...readableFields(p, PERSON_FIELD_ATTRIBUTE, profile.attributes),
      _meta: { links: { employments: { href: `${base}/v2/persons/${p.id}/employments` } } },
    });
    if (req.method !== "GET") return problem(405, "Method not allowed", "The method is not allowed for this resource.", "https://developer.personio.de/reference/errors#common.method_not_allowed");

    if (path === "/v2/persons") return need("employees") ?? page(req, path, PERSONS, d.persons.map(person));
    let m = /^\/v2\/persons\/([^/]+)$/.exec(path);
    if (m) {
      const p = d.persons.find((x) => x.id === m![1]);
      return need("employees") ?? (p ? json(200, person(p)) : notFound());
    }
    m = /^\/v2\/persons\/([^/]+)\/employments$/.exec(path);
    if (m) {
      const forbidden = need("employees");
      if (forbidden) return forbidden;
      if (!d.persons.some((x) => x.id === m![1])) return notFound();
      const list = d.employments.filter((e) => e.personId === m![1]).map((e) => readableFields(e.employment, EMPLOYMENT_FIELD_ATTRIBUTE, profile.attributes));
      return page(req, path, EMPLOYMENTS, list);
    }
    if (path === "/v2/attendance-periods") {
      const who = url.searchParams.get("person.id")?.split(",");
      return need("attendances") ?? page(req, path, ATTENDANCE_PERIODS, d.attendancePeriods.filter((a) => !who || who.includes(a.person.id)));
    }
    if (path === "/v2/absence-periods") {
      const who = url.searchParams.get("person.id")?.split(",");
      return need("absences") ?? page(req, path, ABSENCE_PERIODS, d.absencePeriods.filter((a) => !who || who.includes(a.person.id)));
    }
    return problem(404, "Not found", `The endpoint with ${path} was not found.`, "https://developer.personio.de/reference/errors#common.requested_resource_not_found");
  };

  const v1 = (req: Request, path: string, profile: PersonioProfile, token: string): Response => {
    const url = new URL(req.url);
    const area = V1_AREA.find(([re]) => re.test(path))?.[1];
    if (!area) return v1Error(404, 404, "Not found");
    if (!profile.areas.includes(area)) return v1Error(403, 0, "personio.core.api.exceptions.api.forbidden.http.exception");
    if (req.method !== "GET") return v1Error(405, 405, "Method not allowed");
    // Every successful v1 data answer echoes the (stable) bearer token (docs/providers/personio.md).
    const ok = (body: unknown) => json(200, body, { authorization: `Bearer ${token}` });
    const d = personioData();
    if (path === "/v1/company/employees") {
      const limit = intParam(url, "limit", V1_EMPLOYEES_DEFAULT_LIMIT, 1, V1_EMPLOYEES_MAX_LIMIT);
      const offset = intParam(url, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === undefined || offset === undefined) return v1Error(400, 400, "The given data failed to pass validation.");
      const email = url.searchParams.get("email");
      const wanted = url.searchParams.getAll("attributes[]");
      const all = d.employees.filter((e) => !email || e.email.value === email);
      const data = all.slice(offset, offset + limit).map((e) => ({
        type: "Employee",
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
    if (path === "/v1/company/document-categories") return ok({ success: true, data: d.documentCategories });
    return v1Error(404, 404, "Not found");
  };

  return async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "") || "/";
    const isV2 = path.startsWith("/v2/");
    if (path === "/v2/auth/token") {
      if (req.method !== "POST") return problem(405, "Method not allowed", "The method is not allowed for this resource.", "https://developer.personio.de/reference/errors#common.method_not_allowed");
      return token(req);
    }
    if (!isV2 && !V1_AREA.some(([re]) => re.test(path))) return v1Error(404, 404, "Not found");
    const given = bearer(req);
    const claims = verifyToken("papi-sandbox", given);
    const profile = typeof claims?.sub === "string" ? PERSONIO_SANDBOX_CLIENTS[claims.sub] : undefined;
    if (!given || !profile) {
      if (isV2) return problem(PERSONIO_SANDBOX_STATUS.unauthorized, "Unauthorized", "The access token is missing, invalid or expired.", "https://developer.personio.de/reference/errors#common.unauthorized");
      return given ? v1Error(403, 403, "Provided authorization is not valid") : v1Error(401, 401, "Authorization is not provided");
    }
    if (profile.rateLimited) {
      const headers: Record<string, string> = PERSONIO_SANDBOX_RETRY_AFTER ? { "retry-after": String(PERSONIO_SANDBOX_RETRY_AFTER) } : {};
      if (isV2) return problem(PERSONIO_SANDBOX_STATUS.rateLimited, "Too Many Requests", "The rate limit has been exceeded.", "https://developer.personio.de/reference/errors#common.too_many_requests", headers);
      return v1Error(PERSONIO_SANDBOX_STATUS.rateLimited, 429, "Too Many Requests", headers);
    }
    if (profile.slow) await sleep(slowMs, req.signal);
    if (profile.malformed) return malformed();
    if (isV2) return v2(req, path, profile, typeof claims?.scope === "string" ? claims.scope.split(" ") : []);
    return v1(req, path, profile, given);
  };
}
