// A simulator of the HR WORKS API v2 (docs/providers/hrworks.md, hrworks-v2.openapi.yaml): the same
// paths, ApiError bodies, statuses, JWT and Link-header paging. What a key may do is decided by its
// Access Key (see credentials.ts); the answers are fixed demo data. Statuses the spec leaves open
// are the constants below.
import { SANDBOX_BASE_HEADER, type SandboxHandler, type SandboxOptions } from "@/lib/sandbox/types";
import { bearer, json, readBody, signToken, sleep, verifyToken } from "@/lib/sandbox/util";
import { HRWORKS_SANDBOX_KEYS, HRWORKS_SANDBOX_SECRET, type HrworksArea, type HrworksProfile } from "@/lib/sandbox/hrworks/credentials";
import { hrworksData } from "@/lib/sandbox/hrworks/data";

/** UNCONFIRMED statuses (docs/providers/hrworks.md, Errors): easy to change in one place. */
export const HRWORKS_SANDBOX_STATUS = {
  permissionDenied: 403,
  invalidToken: 401,
  missingAuthorization: 401,
  rateLimited: 429,
  unknownEndpoint: 404,
  down: 503,
} as const;
/** UNCONFIRMED: HR WORKS publishes no rate limit. Seconds in `Retry-After` for the rate-limited key. */
export const HRWORKS_SANDBOX_RETRY_AFTER = 30;
/** Fixed page size of the paged endpoints (docs/providers/hrworks.md, Pagination). */
export const HRWORKS_PAGE_SIZE = 50;
const TOKEN_LIFETIME_SECONDS = 15 * 60;
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

type ApiErrorType =
  | "InvalidEndpointError"
  | "InvalidCredentialsError"
  | "InvalidBearerTokenError"
  | "InternalServerError"
  | "MissingAuthorizationHeaderError"
  | "MalformedAuthorizationHeaderError"
  | "MissingParameterError"
  | "PermissionDeniedError"
  | "InvalidParameterError"
  | "InvalidPayloadError"
  /** UNCONFIRMED: the spec names no rate-limit error type. */
  | "TooManyRequestsError";

const MESSAGES: Record<ApiErrorType, string> = {
  InvalidEndpointError: "The requested endpoint does not exist.",
  InvalidCredentialsError: "The credentials provided with the request were invalid.",
  InvalidBearerTokenError: "The bearer token is invalid or has expired. Request a new token.",
  InternalServerError: "An internal error occurred. Please retry the request.",
  MissingAuthorizationHeaderError: "The request has no Authorization header.",
  MalformedAuthorizationHeaderError: "The Authorization header is malformed.",
  MissingParameterError: "A required parameter is missing.",
  PermissionDeniedError: "The credentials associated with this request do not have the necessary permission for this API request.",
  InvalidParameterError: "A parameter has an invalid value.",
  InvalidPayloadError: "The request payload is invalid.",
  TooManyRequestsError: "Too many requests. Retry later.",
};

function apiError(status: number, type: ApiErrorType, headers: Record<string, string> = {}): Response {
  return json(status, { errorCode: status, type, errorMessage: MESSAGES[type], additionalErrors: [] }, headers);
}

/** The one intentionally wrong answer: marked so the contract test can tell it from a drift. */
function malformed(): Response {
  return new Response("<html><body>Maintenance</body></html>", { status: 200, headers: { "content-type": "application/json", "x-sandbox-malformed": "1" } });
}

const AREA_OF: Array<[RegExp, HrworksArea]> = [
  [/^\/v2\/persons(\/|$)/, "persons"],
  [/^\/v2\/organization-units(\/|$)/, "general"],
  [/^\/v2\/absences(\/|$)/, "absences"],
  [/^\/v2\/applicant-management(\/|$)/, "applicants"],
];

function paged<T>(req: Request, items: T[], key: string | undefined, pageSize: number): Response {
  const url = new URL(req.url);
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const slice = items.slice((page - 1) * pageSize, page * pageSize);
  const headers: Record<string, string> = {};
  // Absolute links, like the real API's, through whatever address served this request.
  const base = req.headers.get(SANDBOX_BASE_HEADER) ?? url.origin;
  const link = (p: number, rel: string) => {
    const u = new URL(req.url);
    u.searchParams.set("page", String(p));
    return `<${base}${u.pathname}${u.search}>; rel="${rel}"`;
  };
  // Emitted only when there is more than one page; `next` is omitted on the last page (docs/providers/hrworks.md, Pagination).
  if (pages > 1) headers.link = [link(1, "first"), ...(page < pages ? [link(page + 1, "next")] : []), link(pages, "last")].join(", ");
  return json(200, key ? { [key]: slice } : slice, headers);
}

function isDate(v: string | null): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
}

export function createHrworksSandbox(options: SandboxOptions = {}): SandboxHandler {
  const slowMs = options.slowMs ?? 12_000;
  const lagMs = options.lagMs ?? 4_000;
  const pageSize = options.pageSize ?? HRWORKS_PAGE_SIZE;

  const authenticate = async (req: Request): Promise<Response> => {
    const body = await readBody(req);
    const accessKey = typeof body?.accessKey === "string" ? body.accessKey : undefined;
    const secret = typeof body?.secretAccessKey === "string" ? body.secretAccessKey : undefined;
    if (!accessKey || !secret) return apiError(400, "MissingParameterError");
    const profile = HRWORKS_SANDBOX_KEYS[accessKey];
    if (profile?.down) return apiError(HRWORKS_SANDBOX_STATUS.down, "InternalServerError");
    if (!profile || secret !== HRWORKS_SANDBOX_SECRET) return apiError(403, "InvalidCredentialsError");
    const now = Math.floor(Date.now() / 1000);
    const token = signToken(JWT_HEADER, { iss: "hrworks-sandbox", iat: now, exp: now + TOKEN_LIFETIME_SECONDS, jti: crypto.randomUUID(), accessKeyId: accessKey });
    return json(200, { token });
  };

  const route = async (req: Request, path: string, profile: HrworksProfile): Promise<Response> => {
    const url = new URL(req.url);
    const method = req.method;
    const area = AREA_OF.find(([re]) => re.test(path))?.[1];
    if (!area) return apiError(HRWORKS_SANDBOX_STATUS.unknownEndpoint, "InvalidEndpointError");
    if (profile.rateLimited) return apiError(HRWORKS_SANDBOX_STATUS.rateLimited, "TooManyRequestsError", { "retry-after": String(HRWORKS_SANDBOX_RETRY_AFTER) });
    if (profile.slow) await sleep(slowMs, req.signal);
    if (profile.lagging?.includes(area)) await sleep(lagMs, req.signal);
    if (profile.malformed) return malformed();
    const writing = method !== "GET";
    const denied = !profile.areas.includes(area) || (writing && area === "applicants" && !profile.areas.includes("applicants_write"));
    if (denied) return apiError(HRWORKS_SANDBOX_STATUS.permissionDenied, "PermissionDeniedError");

    const d = hrworksData();
    const onlyActive = url.searchParams.get("onlyActive") !== "false";
    if (method === "GET" && path === "/v2/persons") {
      const byUuid = url.searchParams.get("identifierType") === "uuid";
      const out: Record<string, unknown[]> = {};
      for (const p of d.persons) {
        if (onlyActive && !p.isActive) continue;
        const ou = d.organizationUnits.find((o) => o.number === p.organizationUnitNumber)!;
        (out[byUuid ? ou.uuid : ou.number] ??= []).push(p.base);
      }
      return json(200, out);
    }
    if (method === "GET" && path === "/v2/persons/master-data") {
      return paged(req, d.persons.filter((p) => !onlyActive || p.isActive).map((p) => p.master), "persons", pageSize);
    }
    if (method === "GET" && path === "/v2/organization-units") return json(200, { organizationUnits: d.organizationUnits });
    if (method === "GET" && path === "/v2/absences/absence-types") return json(200, { absenceTypes: d.absenceTypes });
    if (method === "GET" && path === "/v2/absences") {
      const begin = url.searchParams.get("beginDate");
      const end = url.searchParams.get("endDate");
      if (!begin || !end) return apiError(400, "MissingParameterError");
      if (!isDate(begin) || !isDate(end) || begin > end) return apiError(400, "InvalidParameterError");
      const out: Record<string, unknown[]> = {};
      for (const p of d.persons.filter((x) => x.isActive)) {
        const absences = d.absences.filter((a) => a.personId === p.base.personId && a.absence.endDate >= begin && a.absence.beginDate <= end).map((a) => a.absence);
        out[p.base.personId] = [{ beginDate: begin, endDate: end, absences }];
      }
      return json(200, out);
    }
    if (method === "GET" && path === "/v2/applicant-management/posts") return json(200, { posts: d.posts.filter((p) => !onlyActive || p.isActive) });
    const post = /^\/v2\/applicant-management\/posts\/([^/]+)$/.exec(path);
    if (method === "GET" && post) {
      const found = d.posts.find((p) => p.uuid === post[1]);
      return found ? json(200, found) : apiError(404, "InvalidParameterError");
    }
    if (method === "GET" && path === "/v2/applicant-management/applicants") return paged(req, d.applicants, "applicants", pageSize);
    if (method === "GET" && path === "/v2/applicant-management/job-applications") return paged(req, d.jobApplications, "jobApplications", pageSize);
    if (method === "POST" && path === "/v2/applicant-management/job-applications") {
      // Validated like a real write, but the sandbox never stores anything.
      const body = await readBody(req);
      const data = body?.data;
      if (!Array.isArray(data) || data.length === 0 || !data.every((x) => x && typeof x === "object")) return apiError(400, "InvalidPayloadError");
      return json(200, { jobId: `sandbox-${crypto.randomUUID()}` });
    }
    return apiError(HRWORKS_SANDBOX_STATUS.unknownEndpoint, "InvalidEndpointError");
  };

  return async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "") || "/";
    if (path === "/v2/health-check" && req.method === "GET") return new Response(null, { status: 200 });
    if (path === "/v2/authentication") {
      if (req.method !== "POST") return apiError(HRWORKS_SANDBOX_STATUS.unknownEndpoint, "InvalidEndpointError");
      return authenticate(req);
    }
    if (!path.startsWith("/v2/")) return apiError(HRWORKS_SANDBOX_STATUS.unknownEndpoint, "InvalidEndpointError");
    const header = req.headers.get("authorization");
    if (!header) return apiError(HRWORKS_SANDBOX_STATUS.missingAuthorization, "MissingAuthorizationHeaderError");
    const token = bearer(req);
    if (!token) return apiError(HRWORKS_SANDBOX_STATUS.missingAuthorization, "MalformedAuthorizationHeaderError");
    const claims = verifyToken(JWT_HEADER, token);
    const profile = typeof claims?.accessKeyId === "string" ? HRWORKS_SANDBOX_KEYS[claims.accessKeyId] : undefined;
    if (!profile) return apiError(HRWORKS_SANDBOX_STATUS.invalidToken, "InvalidBearerTokenError");
    return route(req, path, profile);
  };
}
