// The one wrapper every API route goes through: request id, API key → workspace and permission,
// zod parsing of params, query and body, and errors turned into {"error":{"code","message"}}.
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z, ZodError, type ZodType } from "zod";
import { acceptableRequestId, REQUEST_ID_HEADER, runWithRequestId } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { getDb } from "@/lib/db";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import { apiKeys, workspaces, type ApiKey, type ApiKeyPermission, type Workspace } from "@/lib/db/schema";
import { AppError, isAppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { getLogger } from "@/lib/log";

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
  /** Require an API key holding this permission. Omit for public routes. */
  permission?: ApiKeyPermission;
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

async function authenticate(req: Request, permission: ApiKeyPermission): Promise<ApiKeyContext> {
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
  if (!row.apiKey.permissions.includes(permission))
    throw new AppError("forbidden", `This API key lacks the permission "${permission}". Create a key that has it.`);
  void db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.apiKey.id)).catch(() => {});
  return row;
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
  return (req, route) => {
    const requestId = requestIdOf(req);
    // Every audit row the route writes carries this request's id (lib/audit.ts).
    return runWithRequestId(requestId, () => handle(req, route, requestId));
  };
  async function handle(req: Request, route: RouteContext | undefined, requestId: string): Promise<Response> {
    const log = getLogger().child({ requestId });
    try {
      const auth = options.permission ? await authenticate(req, options.permission) : null;
      const params = options.params ? options.params.parse(route ? await route.params : {}) : (undefined as P);
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
        return errorResponse(err.code, err.message, err.status, requestId, { fieldErrors: err.fieldErrors, retryAfterSeconds: err.retryAfterSeconds });
      }
      log.error({ err }, "unexpected error");
      return errorResponse("internal_error", `Something went wrong on our side. Quote this reference if you contact support: ${requestId}`, 500, requestId);
    }
  }
}

/** Common params schema for routes with an id. */
export const idParams = z.object({ id: z.string().min(1).max(100) });
