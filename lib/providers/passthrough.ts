// The passthrough: the sync backend calls the provider through Latchkey, which adds the
// authentication from the sealed credential, so the secret never leaves the vault. The host is
// always the provider's configured base URL; the caller chooses the path only, and the path is
// refused if it could climb out of the base (`..`), name another host (`//`, `@`, a scheme) or hide
// either in percent-encoding. Caller headers pass through an allowlist (no Authorization, Cookie,
// Host or hop-by-hop header); provider headers come back through another. Audited, rate limited
// per connection and within the provider's budget (lib/connections/passthrough.ts), and any secret value the provider might echo is replaced before answering.
// This file is the provider side (what may be asked, how the answer is cleaned); opening the
// connection's credential and auditing the call is lib/connections/passthrough.ts, since providers
// import no database code.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const MAX_PROXY_RESPONSE_BYTES = 5 * 1024 * 1024;

const queryValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.union([z.string().max(2000), z.number()])).max(100)]);

export const proxyRequestSchema = z.object({
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET").describe("GET and HEAD need `credentials:read`; every other method needs `proxy:write`."),
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

/**
 * The permission a passthrough call needs: reading (GET, HEAD) with `credentials:read`, anything
 * that could change the customer's data with `proxy:write` (finding 10: a read key could write).
 */
export function proxyPermission(method: ProxyRequest["method"]): "credentials:read" | "proxy:write" {
  return method === "GET" || method === "HEAD" ? "credentials:read" : "proxy:write";
}

export const FORWARDED_REQUEST_HEADERS = new Set(["accept", "accept-language", "content-type", "if-match", "if-none-match", "if-modified-since", "prefer"]);
export const RETURNED_RESPONSE_HEADERS = new Set([
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

/** Replace every occurrence of a secret value (at least 4 characters) in `text`. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

export type ProxyResult = { status: number; headers: Record<string, string>; body: unknown };
