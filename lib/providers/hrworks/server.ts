// HR WORKS API v2: key pair → POST /v2/authentication → JWT (15 minutes); one read per permission
// area. Statuses not pinned by the spec (docs/providers/hrworks.md, Errors) are named constants.
import "server-only";
import { z } from "zod";
import type { ProviderResponse } from "@/lib/providers/http";
import { hrworks } from "@/lib/providers/hrworks";
import { authFailure, defineProviderServer, failureOutcome, type ProbeContext, type ProbeOutcome } from "@/lib/providers/kit";

/** UNCONFIRMED (docs/providers/hrworks.md, Errors): the status of PermissionDeniedError. We also accept the error type alone. */
export const HRWORKS_PERMISSION_DENIED_STATUS = 403;
/** UNCONFIRMED (docs/providers/hrworks.md, Errors): the status of an invalid bearer token. */
export const HRWORKS_INVALID_TOKEN_STATUS = 401;

export type HrworksSession = { token: string };

const apiError = z.object({ errorCode: z.number().optional(), type: z.string().optional() }).loose();

function errorType(res: ProviderResponse): string | undefined {
  try {
    return apiError.parse(res.json()).type;
  } catch {
    return undefined;
  }
}

function isPermissionDenied(res: ProviderResponse): boolean {
  const type = errorType(res);
  if (type === "PermissionDeniedError") return true;
  return res.status === HRWORKS_PERMISSION_DENIED_STATUS && type !== "InvalidBearerTokenError" && type !== "InvalidCredentialsError";
}

const arrayOfObjects = z.array(z.object({}).loose());
const schemas = {
  persons: z.record(z.string(), arrayOfObjects),
  organizationUnits: z.object({ organizationUnits: arrayOfObjects }).loose(),
  absences: z.record(z.string(), z.array(z.object({ absences: arrayOfObjects }).loose())),
  posts: z.object({ posts: arrayOfObjects }).loose(),
  applicants: z.object({ applicants: arrayOfObjects }).loose(),
  jobApplications: z.object({ jobApplications: arrayOfObjects }).loose(),
};

function read(path: string, schema: z.ZodType, query?: Record<string, string | boolean | number>) {
  return async (session: HrworksSession, ctx: ProbeContext): Promise<ProbeOutcome> => {
    const res = await ctx.http.request({ path, query, headers: { authorization: `Bearer ${session.token}` } });
    if (res.ok) {
      res.parse(schema);
      return { status: "granted", providerStatus: res.status };
    }
    const failure = failureOutcome(res);
    if (failure) return failure;
    if (isPermissionDenied(res)) return { status: "missing", providerStatus: res.status };
    return { status: "unknown", reason: "provider_error", providerStatus: res.status };
  };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Write access without writing: `data` must be an array of job applications, so a string is a
 * payload HR WORKS refuses at validation (400) when the key may write, and at authorization (403)
 * when it may not. Nothing can be created from it. UNCONFIRMED that authorization is checked first.
 */
export const HRWORKS_WRITE_PROBE_BODY = { data: "latchkey-permission-check" } as const;

async function probeWrite(session: HrworksSession, ctx: ProbeContext): Promise<ProbeOutcome> {
  const res = await ctx.http.request({
    method: "POST",
    path: "/v2/applicant-management/job-applications",
    json: HRWORKS_WRITE_PROBE_BODY,
    headers: { authorization: `Bearer ${session.token}` },
  });
  const failure = failureOutcome(res);
  if (failure) return failure;
  if (isPermissionDenied(res)) return { status: "missing", providerStatus: res.status };
  if (res.ok) {
    res.parse(z.object({ jobId: z.string() }).loose());
    return { status: "granted", providerStatus: res.status };
  }
  if (res.status === 400 || res.status === 422) {
    // A validation refusal proves the permission; anything but an ApiError is not an answer we know.
    res.parse(apiError.extend({ type: z.string() }));
    return { status: "granted", providerStatus: res.status };
  }
  return { status: "unknown", reason: "provider_error", providerStatus: res.status };
}

export const hrworksServer = defineProviderServer(hrworks, {
  async authenticate(credentials, ctx) {
    const res = await ctx.http.request({
      method: "POST",
      path: "/v2/authentication",
      json: { accessKey: credentials.accessKey, secretAccessKey: credentials.secretAccessKey },
      headers: { "cache-control": "no-cache" },
    });
    if (res.ok) {
      const { token } = res.parse(z.object({ token: z.string().min(10).max(8192) }));
      return { ok: true, session: { token } satisfies HrworksSession, status: res.status };
    }
    const failure = authFailure(res);
    if (failure) return failure;
    // 403 InvalidCredentialsError is documented; 401 and 400 (a malformed key) mean the same to a person.
    if (res.status === 400 || res.status === 401 || res.status === 403) return { ok: false, outcome: "invalid_credentials", status: res.status };
    return { ok: false, outcome: "provider_error", status: res.status };
  },
  probes: {
    employees: read("/v2/persons", schemas.persons, { onlyActive: true }),
    departments: read("/v2/organization-units", schemas.organizationUnits),
    absences: async (session, ctx) => read("/v2/absences", schemas.absences, { beginDate: today(), endDate: today() })(session, ctx),
    "ats.jobs": read("/v2/applicant-management/posts", schemas.posts, { onlyActive: true }),
    // Postings are the `postOffers` of each post: the same read proves them.
    "ats.job_postings": read("/v2/applicant-management/posts", schemas.posts, { onlyActive: true }),
    "ats.candidates": read("/v2/applicant-management/applicants", schemas.applicants),
    "ats.applications": read("/v2/applicant-management/job-applications", schemas.jobApplications),
    "ats.write": probeWrite,
  },
  proxyAuth: (session) => ({ headers: { authorization: `Bearer ${session.token}` } }),
});
