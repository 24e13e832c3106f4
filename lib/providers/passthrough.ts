// The passthrough: the sync backend calls the provider through Latchkey, which adds the
// authentication from the sealed credential, so the secret never leaves the vault. The host is
// always the provider's configured base URL; the caller chooses the path only, and the path is
// refused if it could climb out of the base (`..`), name another host (`//`, `@`, a scheme) or hide
// either in percent-encoding. Caller headers pass through an allowlist (no Authorization, Cookie,
// Host or hop-by-hop header); provider headers come back through another. Audited, rate limited
// per connection, and any secret value the provider might echo is replaced before answering.
// It sits beside the providers (it speaks their HTTP with their sessions) but, unlike them, reads
// the connection and opens the vault: the one server-side provider module that may.
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { findLiveConnection } from "@/lib/connections/queries";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { openProviderSession } from "@/lib/providers/check";
import type { ProviderId } from "@/lib/providers/types";
import { openCredential, revealAll } from "@/lib/vault";

export const MAX_PROXY_RESPONSE_BYTES = 5 * 1024 * 1024;

const queryValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.union([z.string().max(2000), z.number()])).max(100)]);

export const proxyRequestSchema = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
  path: z.string().min(1).max(2000).describe("A path below the provider's base URL, e.g. /v1/company/employees. Never a host."),
  query: z.record(z.string().max(200), queryValue).optional(),
  headers: z.record(z.string().max(100), z.string().max(2000)).optional().describe("Only accept, accept-language, content-type, if-match, if-none-match, if-modified-since and prefer are forwarded."),
  body: z.unknown().optional(),
});
export type ProxyRequest = z.infer<typeof proxyRequestSchema>;

export const proxyResponseSchema = z
  .object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().describe("JSON when the provider answered JSON, else text."),
  })
  .meta({ id: "ProxyResponse" });

const FORWARDED_REQUEST_HEADERS = new Set(["accept", "accept-language", "content-type", "if-match", "if-none-match", "if-modified-since", "prefer"]);
const RETURNED_RESPONSE_HEADERS = new Set([
  "content-type",
  "content-language",
  "etag",
  "last-modified",
  "link",
  "retry-after",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
]);

const badPath = (why: string) => new AppError("invalid_input", `The path is not allowed: ${why}. Send a path below the provider's API, e.g. "/v1/company/employees".`, { fieldErrors: { path: [why] } });

/** Check a caller's path; returns it unchanged when it is safe to append to the base URL. */
export function validateProxyPath(path: string): string {
  if (!path.startsWith("/")) throw badPath("it must start with /");
  if (path.startsWith("//")) throw badPath("it must not start with //");
  if (/[\u0000-\u001f\u007f\s\\]/.test(path)) throw badPath("it contains spaces, control characters or backslashes");
  if (/[?#]/.test(path)) throw badPath("put query parameters in `query`, not in the path");
  // Decode repeatedly so that %252e%252e and friends are seen for what they become.
  let decoded = path;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      throw badPath("it has a malformed percent-encoding");
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded !== path && /%[0-9a-f]{2}/i.test(decoded)) throw badPath("it is encoded more than once");
  for (const form of [path, decoded]) {
    if (form.includes("@")) throw badPath("it must not contain @");
    if (form.includes("//")) throw badPath("it must not contain //");
    if (/:/.test(form.split("/")[1] ?? "")) throw badPath("it must not name a scheme or host");
    if (form.split("/").some((seg) => seg === ".." || seg === ".")) throw badPath("it must not contain . or .. segments");
    if (/[\\\u0000-\u001f]/.test(form)) throw badPath("it contains encoded control characters or backslashes");
  }
  if (/%2f|%5c/i.test(path)) throw badPath("it must not contain encoded slashes");
  return path;
}

/** The URL to call: base + path + query, verified to stay on the base's origin and below its path. */
export function buildProxyUrl(baseUrl: string, path: string, query?: ProxyRequest["query"]): URL {
  validateProxyPath(path);
  const base = new URL(baseUrl);
  const url = new URL(base.href.replace(/\/+$/, "") + path);
  if (url.origin !== base.origin) throw badPath("it leaves the provider's host");
  const basePath = base.pathname.replace(/\/+$/, "");
  if (!(url.pathname === basePath || url.pathname.startsWith(basePath + "/"))) throw badPath("it leaves the provider's API");
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, String(x));
    else url.searchParams.set(k, String(v));
  }
  return url;
}

function limiter(): RateLimiterMemory {
  const store = globalThis as unknown as { __latchkeyProxyLimiter?: { points: number; limiter: RateLimiterMemory } };
  const points = getEnv().PROXY_RATE_LIMIT_PER_MINUTE;
  if (!store.__latchkeyProxyLimiter || store.__latchkeyProxyLimiter.points !== points)
    store.__latchkeyProxyLimiter = { points, limiter: new RateLimiterMemory({ keyPrefix: "proxy", points, duration: 60 }) };
  return store.__latchkeyProxyLimiter.limiter;
}

async function enforceProxyRateLimit(connectionId: string): Promise<void> {
  try {
    await limiter().consume(connectionId, 1);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new AppError("rate_limited", `Too many passthrough calls for this connection. Retry in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    throw e;
  }
}

/** Replace every occurrence of a secret value (at least 4 characters) in `text`. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

export type ProxyResult = { status: number; headers: Record<string, string>; body: unknown };

export async function proxyCall(db: Db, input: { workspaceId: string; connectionId: string; request: ProxyRequest; actor: Actor; logger?: Logger }): Promise<ProxyResult> {
  const { request } = input;
  validateProxyPath(request.path);
  const conn = await findLiveConnection(db, input.workspaceId, input.connectionId);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  await enforceProxyRateLimit(conn.id);

  const opened = revealAll(await openCredential(db, { workspaceId: input.workspaceId, connectionId: conn.id, actor: input.actor, reason: `passthrough ${request.method} ${request.path}` }));
  const session = await openProviderSession({ provider: conn.provider as ProviderId, credentials: opened });
  if (!session.ok) {
    const message =
      session.outcome === "invalid_credentials"
        ? "The provider refused the stored credentials. The customer needs to reconnect."
        : session.outcome === "rate_limited"
          ? "The provider is rate limiting. Retry later."
          : "The provider could not be reached. Retry later.";
    throw new AppError(session.outcome === "rate_limited" ? "rate_limited" : "provider_error", message, { retryAfterSeconds: session.retryAfterSeconds });
  }
  const secretValues = [...Object.values(opened), ...Object.values(session.auth.headers ?? {}).map((v) => v.replace(/^(Bearer|Basic)\s+/i, ""))];

  const url = buildProxyUrl(session.baseUrl, request.path, request.query);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) if (FORWARDED_REQUEST_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  Object.assign(headers, session.auth.headers ?? {});
  let body: string | undefined;
  if (request.method !== "GET" && request.method !== "DELETE") {
    if (session.auth.json) {
      // Providers that authenticate in the body (People HR): the auth fields win over the caller's.
      const callerBody = request.body && typeof request.body === "object" && !Array.isArray(request.body) ? request.body : {};
      body = JSON.stringify({ ...(callerBody as Record<string, unknown>), ...session.auth.json });
      headers["content-type"] = "application/json";
    } else if (request.body !== undefined) {
      body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
      headers["content-type"] ??= "application/json";
    }
  }

  const started = performance.now();
  const log = (input.logger ?? getLogger()).child({ part: "proxy", connectionId: conn.id, provider: conn.provider });
  let res: Response;
  try {
    res = await fetch(url, { method: request.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(getEnv().PROVIDER_TIMEOUT_MS * 2) });
  } catch {
    log.warn({ method: request.method, path: request.path, ms: Math.round(performance.now() - started) }, "passthrough failed");
    throw new AppError("provider_unreachable", "The provider could not be reached. Retry later.");
  }
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_PROXY_RESPONSE_BYTES) throw new AppError("provider_error", "The provider's answer is larger than the passthrough allows (5 MB). Ask for a smaller page.");
  const text = scrubSecrets(buf.toString("utf8"), secretValues);
  const outHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (RETURNED_RESPONSE_HEADERS.has(k)) outHeaders[k] = scrubSecrets(v, secretValues);
  });
  let outBody: unknown = text;
  if ((res.headers.get("content-type") ?? "").includes("json")) {
    try {
      outBody = JSON.parse(text);
    } catch {
      outBody = text;
    }
  }
  const ms = Math.round(performance.now() - started);
  log.info({ method: request.method, path: request.path, status: res.status, ms }, "passthrough");
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: "connection.proxy",
    target: { type: "connection", id: conn.id },
    details: { method: request.method, path: request.path, status: res.status, ms },
  });
  return { status: res.status, headers: outHeaders, body: outBody };
}
