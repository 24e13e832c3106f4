// The one wrapper every API route goes through: request id, API key → workspace and permission,
// zod parsing of params, query and body, and errors turned into {"error":{"code","message"}}.
import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z, ZodError, type ZodType } from "zod";
import { acceptableRequestId, REQUEST_ID_HEADER, runWithRequestId } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { DATABASE_RETRY_AFTER_SECONDS, getDb, isDatabaseUnavailable } from "@/lib/db";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import { apiKeys, workspaces, type ApiKey, type ApiKeyPermission, type Workspace } from "@/lib/db/schema";
import { AppError, isAppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { metrics, secondsSince } from "@/lib/metrics/registry";

export { REQUEST_ID_HEADER };

/**
 * The largest request body any route accepts (the biggest real one, a passthrough call, is a few
 * KB). The launcher refuses a larger Content-Length before Next.js reads anything; this also
 * holds for bodies without one and for calls that do not come through the launcher.
 */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * For the launcher, before Next.js reads a byte: a declared body over the limit (413), or a server
 * action with a streamed body (411: Next reads those whole and answers 500 past its limit).
 */
export function bodyRefusal(headers: Record<string, string | string[] | undefined>): { status: 411 | 413; code: string; message: string } | null {
  if (Number(headers["content-length"]) > API_BODY_LIMIT_BYTES)
    return { status: 413, code: "payload_too_large", message: `The request body is larger than ${API_BODY_LIMIT_BYTES / 1024 / 1024} MB.` };
  if (headers["next-action"] !== undefined && headers["content-length"] === undefined && headers["transfer-encoding"] !== undefined)
    return { status: 411, code: "length_required", message: "A server action's request needs a Content-Length." };
  return null;
}

const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${API_BODY_LIMIT_BYTES / 1024 / 1024} MB.`);

/** The body as text, read no further than the limit. */
async function readBody(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > API_BODY_LIMIT_BYTES) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > API_BODY_LIMIT_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export type ApiKeyContext = { workspace: Workspace; apiKey: ApiKey };

export type ApiContext<B, Q, P> = {
  req: Request;
  requestId: string;
  body: B;
  query: Q;
  params: P;
  ip: string | null;
  /** Present when the route requires an API key. */
  auth: ApiKeyContext | null;
};

type Options<B, Q, P> = {
  /** Require an API key holding this permission (or one of these). Omit for public routes. */
  permission?: ApiKeyPermission | readonly ApiKeyPermission[];
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function requestIdOf(req: Request): string {
  return acceptableRequestId(req.headers.get(REQUEST_ID_HEADER)) ?? randomUUID();
}

/** The client's address as the launcher decided it under TRUST_PROXY (lib/client-address.ts). */
export function clientIp(req: Request): string | null {
  return clientAddress(req.headers);
}

export function errorResponse(code: ErrorCode, message: string, status: number, requestId: string, extra: { fieldErrors?: FieldErrors; retryAfterSeconds?: number } = {}): Response {
  const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId, "cache-control": "no-store" };
  if (extra.retryAfterSeconds) headers["retry-after"] = String(extra.retryAfterSeconds);
  return Response.json(
    { error: { code, message, ...(extra.fieldErrors ? { fields: extra.fieldErrors } : {}) } },
    { status, headers },
  );
}

export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const lacks = (...anyOf: readonly ApiKeyPermission[]) =>
  new AppError("forbidden", `This API key lacks the permission ${anyOf.map((p) => `"${p}"`).join(" or ")}. Create a key that has it.`);

/** For a route whose permission depends on the request (e.g. the passthrough's method): 403 unless the key holds it. */
export function requirePermission(auth: ApiKeyContext, permission: ApiKeyPermission): void {
  if (!auth.apiKey.permissions.includes(permission)) throw lacks(permission);
}

/** The key and its workspace; the permission is checked by the caller (so that a 403 knows whose key it was). */
async function authenticate(req: Request): Promise<ApiKeyContext> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Send your API key in the Authorization header: `Authorization: Bearer <key>`.");
  const db = getDb();
  // A hash lookup: the key has 256 bits of entropy, so a fast hash is enough and the index does
  // the comparison without leaking timing about the key's content.
  const rows = await db
    .select({ apiKey: apiKeys, workspace: workspaces })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.hash, hashApiKey(match[1]!)), isNull(apiKeys.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new AppError("unauthorized", "This API key is not valid or has been revoked.");
  touchLastUsed(row.apiKey);
  return row;
}

/** `last_used_at` is a "used lately" hint: written at most once a minute per key, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

function touchLastUsed(key: Pick<ApiKey, "id" | "lastUsedAt">): void {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  // The condition holds it to once a minute across instances too (two may read the same old value).
  void getDb()
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))))
    .catch(() => {});
}

/** The answer while the database is away: 503 with a hint when to try again, never a 500. */
export function databaseUnavailableResponse(requestId: string): Response {
  return errorResponse(
    "database_unavailable",
    `Latchkey cannot reach its database just now, so this request was not carried out. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    503,
    requestId,
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

export function apiRoute<B = undefined, Q = undefined, P = undefined>(
  options: Options<B, Q, P>,
  handler: (ctx: ApiContext<B, Q, P>) => Promise<Response | unknown>,
): (req: Request, route?: RouteContext) => Promise<Response> {
  return async (req, route) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const pattern = routePattern(req, route).catch((err: unknown) => {
      getLogger().warn({ err: err instanceof Error ? err.message : String(err) }, "metrics: no route pattern for this request");
      return "unknown";
    });
    // Every audit row the route writes carries this request's id (lib/audit.ts).
    const res = await runWithRequestId(requestId, () => handle(req, route, requestId));
    metrics().apiRequests.observe({ route: await pattern, method: req.method, status: String(res.status) }, secondsSince(started));
    return res;
  };
  async function handle(req: Request, route: RouteContext | undefined, requestId: string): Promise<Response> {
    const log = getLogger().child({ requestId });
    let auth: ApiKeyContext | null = null;
    let params = undefined as P;
    try {
      if (options.permission) {
        auth = await authenticate(req);
        const anyOf: readonly ApiKeyPermission[] = typeof options.permission === "string" ? [options.permission] : options.permission;
        if (!anyOf.some((p) => auth!.apiKey.permissions.includes(p))) throw lacks(...anyOf);
      }
      params = options.params ? options.params.parse(route ? await route.params : {}) : (undefined as P);
      const query = options.query ? options.query.parse(queryObject(new URL(req.url))) : (undefined as Q);
      let body = undefined as B;
      if (options.body) {
        const text = await readBody(req);
        let raw: unknown;
        try {
          raw = text.trim() === "" ? {} : JSON.parse(text);
        } catch {
          throw new AppError("invalid_input", "The request body is not valid JSON.");
        }
        body = options.body.parse(raw);
      }
      const result = await handler({ req, requestId, body, query, params, auth, ip: clientIp(req) });
      const res = result instanceof Response ? result : Response.json(result ?? null);
      res.headers.set(REQUEST_ID_HEADER, requestId);
      return res;
    } catch (err) {
      if (err instanceof ZodError) {
        return errorResponse("invalid_input", "The request is not valid: see `fields` for each problem.", 400, requestId, { fieldErrors: zodFieldErrors(err) });
      }
      if (isAppError(err)) {
        log.info({ code: err.code, status: err.status }, "request refused");
        // Loaded on first use: the launcher imports this file, and lib/rate-limit is server-only.
        if (auth && (err.status === 403 || err.status === 404)) await (await import("@/lib/api/denials")).auditDenial(req, auth, err, params, log);
        return errorResponse(err.code, err.message, err.status, requestId, { fieldErrors: err.fieldErrors, retryAfterSeconds: err.retryAfterSeconds });
      }
      if (isDatabaseUnavailable(err)) {
        log.warn({ code: (err as { code?: string }).code }, "database unavailable");
        return databaseUnavailableResponse(requestId);
      }
      log.error({ err }, "unexpected error");
      return errorResponse("internal_error", `Something went wrong on our side. Quote this reference if you contact support: ${requestId}`, 500, requestId);
    }
  }
}

/**
 * The route's pattern for the metrics ("/api/v1/connections/[id]/proxy"), never the ids in the
 * path: each segment that is one of the route's parameters (Next.js matched them) becomes its name.
 */
export async function routePattern(req: Request, route?: RouteContext): Promise<string> {
  const segments = new URL(req.url).pathname.split("/");
  // A route without parameters gets no params from Next.js (or none at all called directly).
  const params = (route ? await route.params : undefined) ?? {};
  for (const [name, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.length) continue;
    const decoded = segments.map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    // A catch-all's run of segments becomes one "[...name]".
    for (let i = 0; i + values.length <= segments.length; i++) {
      if (values.every((v, k) => decoded[i + k] === v)) {
        segments.splice(i, values.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
        break;
      }
    }
  }
  // Bounded whatever happens: a segment left that does not look like a static route word (ids have
  // an underscore: lib/ids.ts) is not put in a label.
  return segments.map((s) => (s === "" || /^\[[.\w]+\]$/.test(s) || /^[a-z][a-z0-9.-]*$/.test(s) ? s : "[?]")).join("/");
}

/** Common params schema for routes with an id. */
export const idParams = z.object({ id: z.string().min(1).max(100) });
