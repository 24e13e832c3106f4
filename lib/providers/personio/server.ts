// Personio v1: client id + secret → POST /v1/auth → bearer token (24 h); one read per access area,
// and the readable employee attributes through /v1/company/employees/attributes.
import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import type { ProviderResponse } from "@/lib/providers/http";
import { personio, personioOptions } from "@/lib/providers/personio";
import { DEFAULT_PERSONIO_ATTRIBUTES } from "@/lib/providers/personio/guide";
import { missingAttributesTexts } from "@/lib/providers/personio/attribute-text";
import { authFailure, defineProviderServer, failureOutcome, type ProbeContext, type ProbeOutcome } from "@/lib/providers/kit";

/** UNCONFIRMED (docs/providers/personio.md, Errors): the status of a missing access right; the body names forbidden.http.exception. */
export const PERSONIO_FORBIDDEN_STATUS = 403;
/** Documented (docs/providers/personio.md, Errors): an invalid or expired token is a 403 with this message, not a permission gap. */
export const PERSONIO_INVALID_TOKEN_MESSAGE = "Provided authorization is not valid";

export type PersonioSession = { token: string };

const errorBody = z.object({ success: z.literal(false), error: z.object({ message: z.string().optional(), code: z.number().optional() }).loose() }).loose();
const listBody = z.object({ success: z.literal(true), data: z.array(z.object({}).loose()) }).loose();
const attributesBody = z
  .object({ success: z.literal(true), data: z.array(z.object({ key: z.string(), universal_id: z.string().nullable().optional() }).loose()) })
  .loose();

function isForbidden(res: ProviderResponse): boolean {
  if (res.status !== PERSONIO_FORBIDDEN_STATUS && res.status !== 401) return false;
  let message: string | undefined;
  try {
    message = errorBody.parse(res.json()).error.message;
  } catch {
    message = undefined;
  }
  if (message === PERSONIO_INVALID_TOKEN_MESSAGE || res.status === 401) return false;
  return true;
}

function classify(res: ProviderResponse, schema: z.ZodType): ProbeOutcome {
  if (res.ok) {
    res.parse(schema);
    return { status: "granted", providerStatus: res.status };
  }
  const failure = failureOutcome(res);
  if (failure) return failure;
  if (isForbidden(res)) return { status: "missing", providerStatus: res.status };
  return { status: "unknown", reason: "provider_error", providerStatus: res.status };
}

const auth = (session: PersonioSession) => ({ authorization: `Bearer ${session.token}` });

function read(path: string, query?: Record<string, string | number>) {
  return async (session: PersonioSession, ctx: ProbeContext): Promise<ProbeOutcome> =>
    classify(await ctx.http.request({ path, query, headers: auth(session) }), listBody);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Employees: read, and every attribute the session needs is whitelisted. Both reads in parallel. */
async function probeEmployees(session: PersonioSession, ctx: ProbeContext): Promise<ProbeOutcome> {
  const [employees, attributes] = await Promise.all([
    ctx.http.request({ path: "/v1/company/employees", query: { limit: 1, offset: 0 }, headers: auth(session) }),
    ctx.http.request({ path: "/v1/company/employees/attributes", headers: auth(session) }),
  ]);
  const access = classify(employees, listBody);
  if (access.status !== "granted") return access;
  const failure = failureOutcome(attributes);
  if (failure) return failure;
  if (!attributes.ok) return classify(attributes, attributesBody);
  const readable = new Set<string>();
  for (const a of attributes.parse(attributesBody).data) {
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
      ...missingAttributesTexts(missing),
    };
  }
  return { status: "granted", providerStatus: employees.status };
}

export const personioServer = defineProviderServer(personio, {
  defaultHeaders() {
    const env = getEnv();
    const headers: Record<string, string> = {};
    // v1 documents the X- spelling and v2 the bare one; real clients send both.
    if (env.PERSONIO_PARTNER_ID) headers["x-personio-partner-id"] = headers["personio-partner-id"] = env.PERSONIO_PARTNER_ID;
    if (env.PERSONIO_APP_ID) headers["x-personio-app-id"] = headers["personio-app-id"] = env.PERSONIO_APP_ID;
    return headers;
  },
  async authenticate(credentials, ctx) {
    const res = await ctx.http.request({
      method: "POST",
      path: "/v1/auth",
      json: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
    });
    if (res.ok) {
      const body = res.parse(z.object({ success: z.literal(true), data: z.object({ token: z.string().min(10).max(8192) }).loose() }).loose());
      return { ok: true, session: { token: body.data.token } satisfies PersonioSession, status: res.status };
    }
    const failure = authFailure(res);
    if (failure) return failure;
    // "Wrong credentials" comes as 401 or 403 (UNCONFIRMED which); 400 is a malformed id or secret.
    if (res.status === 400 || res.status === 401 || res.status === 403) return { ok: false, outcome: "invalid_credentials", status: res.status };
    return { ok: false, outcome: "provider_error", status: res.status };
  },
  probes: {
    employees: probeEmployees,
    attendances: async (session, ctx) => read("/v1/company/attendances", { start_date: today(), end_date: today(), limit: 1, offset: 0 })(session, ctx),
    absences: async (session, ctx) => read("/v1/company/time-offs", { start_date: today(), end_date: today(), limit: 1, offset: 0 })(session, ctx),
    documents: read("/v1/company/document-categories"),
  },
  proxyAuth: (session) => ({ headers: auth(session) }),
});
