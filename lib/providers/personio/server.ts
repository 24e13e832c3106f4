// Personio on API v2: client ID + secret → POST /v2/auth/token (form-encoded client credentials) →
// a bearer token (24 h) that every call of the check uses, v2 and v1 alike. One read-only v2 read
// per access area; v1 only where v2 has no equivalent (the readable-attributes whitelist and the
// document categories; docs/providers/personio.md, "v1 calls that remain", says why and until when).
import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import type { ProviderResponse } from "@/lib/providers/http";
import { personio, personioOptions } from "@/lib/providers/personio";
import { DEFAULT_PERSONIO_ATTRIBUTES } from "@/lib/providers/personio/guide";
import { providerText } from "@/lib/providers/text";
import { authFailure, defineProviderServer, failureOutcome, type ProbeContext, type ProbeOutcome } from "@/lib/providers/kit";

/**
 * v2 reads that a credential without the access right gets. 403 is documented (problem+json
 * "Insufficient access scope"); a client saw 401 on /v2/persons without the Employees right
 * (UNCONFIRMED, docs/providers/personio.md, Errors). The token was issued moments before in the
 * same check, so neither status can mean an expired token here.
 */
export const PERSONIO_V2_FORBIDDEN_STATUSES: readonly number[] = [401, 403];
/** v1 (still used for the attributes whitelist and document categories): the status of a missing access right (UNCONFIRMED). */
export const PERSONIO_FORBIDDEN_STATUS = 403;
/** Documented (docs/providers/personio.md, Errors): an invalid or expired token is a v1 403 with this message, not a permission gap. */
export const PERSONIO_INVALID_TOKEN_MESSAGE = "Provided authorization is not valid";
/** OAuth2 errors of /v2/auth/token that mean the client ID or secret is wrong (which one a wrong secret gets is UNCONFIRMED). */
const WRONG_CREDENTIALS_ERRORS = new Set(["invalid_client", "unauthorized_client", "invalid_grant", "access_denied"]);
/** OAuth2 errors that mean Personio could not answer now. */
const UNAVAILABLE_ERRORS = new Set(["server_error", "temporarily_unavailable"]);

export type PersonioSession = { token: string };

const tokenBody = z
  .object({
    access_token: z.string().min(10).max(8192),
    token_type: z.string().regex(/^bearer$/i),
    expires_in: z.number().optional(),
    scope: z.string().optional(),
  })
  .loose();
const tokenError = z.object({ error: z.string() }).loose();

/** The v2 list envelope. A probe reads one item, so it never follows `_meta.links.next`. */
const v2List = z
  .object({
    _data: z.array(z.object({}).loose()),
    _meta: z.object({ links: z.record(z.string(), z.object({ href: z.string() }).loose()).optional() }).loose().optional(),
  })
  .loose();

const v1Error = z.object({ success: z.literal(false), error: z.object({ message: z.string().optional(), code: z.number().optional() }).loose() }).loose();
const v1List = z.object({ success: z.literal(true), data: z.array(z.object({}).loose()) }).loose();
const v1Attributes = z
  .object({ success: z.literal(true), data: z.array(z.object({ key: z.string(), universal_id: z.string().nullable().optional() }).loose()) })
  .loose();

function classifyV2(res: ProviderResponse): ProbeOutcome {
  if (res.ok) {
    res.parse(v2List);
    return { status: "granted", providerStatus: res.status };
  }
  const failure = failureOutcome(res);
  if (failure) return failure;
  if (PERSONIO_V2_FORBIDDEN_STATUSES.includes(res.status)) return { status: "missing", providerStatus: res.status };
  return { status: "unknown", reason: "provider_error", providerStatus: res.status };
}

/** v1: a missing access right, as opposed to a token v1 refuses (which would be our fault, not the admin's). */
function isV1Forbidden(res: ProviderResponse): boolean {
  if (res.status !== PERSONIO_FORBIDDEN_STATUS) return false;
  let message: string | undefined;
  try {
    message = v1Error.parse(res.json()).error.message;
  } catch {
    message = undefined;
  }
  return message !== PERSONIO_INVALID_TOKEN_MESSAGE;
}

function classifyV1(res: ProviderResponse, schema: z.ZodType): ProbeOutcome {
  if (res.ok) {
    res.parse(schema);
    return { status: "granted", providerStatus: res.status };
  }
  const failure = failureOutcome(res);
  if (failure) return failure;
  if (isV1Forbidden(res)) return { status: "missing", providerStatus: res.status };
  return { status: "unknown", reason: "provider_error", providerStatus: res.status };
}

const auth = (session: PersonioSession) => ({ authorization: `Bearer ${session.token}` });

/** One page of one item: enough to prove the read, the lightest answer Personio gives. */
function readV2(path: string) {
  return async (session: PersonioSession, ctx: ProbeContext): Promise<ProbeOutcome> =>
    classifyV2(await ctx.http.request({ path, query: { limit: 1 }, headers: auth(session) }));
}

/**
 * Employees: read (`GET /v2/persons`), and every attribute the session needs is whitelisted. v2
 * has no list of the whitelisted attributes: a field that is not readable is simply absent from
 * a person (docs/providers/personio.md, "Readable attributes in v2"), which cannot tell a missing
 * attribute from an empty company or an empty field, so the whitelist still comes from v1's
 * `/v1/company/employees/attributes`. Both reads in parallel.
 */
async function probeEmployees(session: PersonioSession, ctx: ProbeContext): Promise<ProbeOutcome> {
  const [persons, attributes] = await Promise.all([
    ctx.http.request({ path: "/v2/persons", query: { limit: 1 }, headers: auth(session) }),
    ctx.http.request({ path: "/v1/company/employees/attributes", headers: auth(session) }),
  ]);
  const access = classifyV2(persons);
  if (access.status !== "granted") return access;
  const failure = failureOutcome(attributes);
  if (failure) return failure;
  if (!attributes.ok) return classifyV1(attributes, v1Attributes);
  const readable = new Set<string>();
  for (const a of attributes.parse(v1Attributes).data) {
    readable.add(a.key);
    if (a.universal_id) readable.add(a.universal_id);
  }
  const requested = personioOptions.safeParse(ctx.options).data?.attributes;
  const wanted = requested?.length ? requested : [...DEFAULT_PERSONIO_ATTRIBUTES];
  const missing = wanted.filter((a) => !readable.has(a));
  if (missing.length) {
    return {
      status: "missing",
      providerStatus: attributes.status,
      missingAttributes: missing,
      detail: providerText("personio", "attributes.detail", { attributes: missing.join(", ") }),
      fix: providerText("personio", "attributes.fix", { attributes: missing.join(", ") }),
    };
  }
  return { status: "granted", providerStatus: persons.status };
}

export const personioServer = defineProviderServer(personio, {
  defaultHeaders() {
    const env = getEnv();
    const headers: Record<string, string> = {};
    // v1 documents the X- spelling and v2 the bare one; the check calls both, so both are sent.
    if (env.PERSONIO_PARTNER_ID) headers["x-personio-partner-id"] = headers["personio-partner-id"] = env.PERSONIO_PARTNER_ID;
    if (env.PERSONIO_APP_ID) headers["x-personio-app-id"] = headers["personio-app-id"] = env.PERSONIO_APP_ID;
    return headers;
  },
  async authenticate(credentials, ctx) {
    // No `scope`: the token gets every scope the credential holds, and the probes find out which.
    const res = await ctx.http.request({
      method: "POST",
      path: "/v2/auth/token",
      form: { grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret },
    });
    if (res.ok) {
      const body = res.parse(tokenBody);
      return { ok: true, session: { token: body.access_token } satisfies PersonioSession, status: res.status };
    }
    const failure = authFailure(res);
    if (failure) return failure;
    if (res.status === 401 || res.status === 403) return { ok: false, outcome: "invalid_credentials", status: res.status };
    if (res.status === 400) {
      const error = tokenError.safeParse(safeJson(res)).data?.error;
      if (error && WRONG_CREDENTIALS_ERRORS.has(error)) return { ok: false, outcome: "invalid_credentials", status: res.status };
      if (error && UNAVAILABLE_ERRORS.has(error)) return { ok: false, outcome: "provider_unreachable", status: res.status };
    }
    // invalid_request, unsupported_grant_type, invalid_scope or no OAuth2 error: our request was wrong, not the credential.
    return { ok: false, outcome: "provider_error", status: res.status };
  },
  probes: {
    employees: probeEmployees,
    attendances: readV2("/v2/attendance-periods"),
    absences: readV2("/v2/absence-periods"),
    // v2 lists documents only per owner (`owner_id` required) and has no category list; the
    // Documents read right is what "pulls document category IDs" (docs/providers/personio.md).
    documents: async (session, ctx) => classifyV1(await ctx.http.request({ path: "/v1/company/document-categories", headers: auth(session) }), v1List),
  },
  proxyAuth: (session) => ({ headers: auth(session) }),
});

function safeJson(res: ProviderResponse): unknown {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}
