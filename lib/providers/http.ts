// HTTP to HR providers. The base URL comes from server configuration only, never from anything a
// user typed: a credential form cannot turn Latchkey into a request forwarder (SSRF). Redirects are
// never followed (a 3xx could point anywhere), every request has a deadline, and answers are read
// up to a size cap. A provider's body is parsed here and only structured, validated values leave
// this module: callers get `json()`/`parse()`, never the raw text, so nothing verbatim reaches a
// person or a log line.
import "server-only";
import type { z } from "zod";
import { getEnv, type Env } from "@/lib/env";
import { providerUrlProblem } from "@/lib/providers/base-url";
import type { BudgetGate, BudgetRequestKind } from "@/lib/providers/budget";
import { getProvider } from "@/lib/providers/index";
import type { ProviderId } from "@/lib/providers/types";

/** Answers larger than this are refused: a permission probe never needs more. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

const USER_AGENT = "Latchkey/0.1 (credential check)";

/** A set variable always wins; else demo mode uses the built-in sandbox; else the real host. */
export function providerBaseUrl(id: ProviderId, env: Env = getEnv()): string {
  const definition = getProvider(id);
  if (!definition) throw new Error(`unknown provider ${id}`);
  const configured = env[definition.baseUrl.variable];
  if (configured) {
    // Checked at start-up too; here again so that no call ever goes to a refused URL.
    const problem = providerUrlProblem(id, configured, env);
    if (problem) throw new Error(problem);
    return configured.replace(/\/+$/, "");
  }
  if (env.demo) return `${env.publicUrl}/sandbox/${id}`;
  return definition.baseUrl.production;
}

export type ProviderCallErrorKind =
  /** DNS, connection refused or reset, TLS. */
  | "unreachable"
  /** Latchkey's own budget for this provider is spent (lib/providers/budget.ts): nothing was sent. */
  | "budget"
  /** No complete answer before the deadline. */
  | "timeout"
  /** The caller gave up (the person closed the wizard). */
  | "aborted"
  | "too_large"
  | "redirect"
  /** Not JSON, or JSON of the wrong shape. */
  | "malformed";

/** Carries only a kind and a status: never the provider's body or the request's secrets. */
export class ProviderCallError extends Error {
  constructor(
    readonly kind: ProviderCallErrorKind,
    readonly status?: number,
    /** For "budget": seconds until the budget has room again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`provider call failed: ${kind}${status ? ` (HTTP ${status})` : ""}`);
    this.name = "ProviderCallError";
  }
}

export type QueryValue = string | number | boolean | Array<string | number> | undefined;

export type ProviderRequest = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Starts with "/", appended to the base URL (which may itself have a path, e.g. the sandbox). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Overrides the client's per-request deadline. */
  timeoutMs?: number;
};

export type ProviderResponse = {
  status: number;
  ok: boolean;
  headers: Headers;
  latencyMs: number;
  /** The body as JSON; throws `ProviderCallError("malformed")` if it is not JSON. */
  json(): unknown;
  /** The body validated against a schema; throws `ProviderCallError("malformed")` on mismatch. */
  parse<T>(schema: z.ZodType<T>): T;
  /** `Retry-After` in seconds (delta or HTTP date), if the provider sent one. */
  retryAfterSeconds(): number | undefined;
};

export type ProviderHttp = {
  readonly baseUrl: string;
  request(req: ProviderRequest): Promise<ProviderResponse>;
};

export type ProviderHttpOptions = {
  baseUrl: string;
  timeoutMs: number;
  /** Cancels every request of this client (the check's or the probe's deadline). */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Asked before every request; a refusal throws ProviderCallError("budget") and sends nothing. */
  budget?: { gate: BudgetGate; kind: BudgetRequestKind };
  /** Observes each request (method, path, status, latency) for logs and metrics: no bodies. */
  onRequest?: (info: { method: string; path: string; status?: number; latencyMs: number; error?: ProviderCallErrorKind }) => void;
};

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  if (!path.startsWith("/")) throw new Error("provider paths start with /");
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), 86_400);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.min(Math.ceil((at - now) / 1000), 86_400));
}

/**
 * The body chunk by chunk, refused (ProviderCallError "too_large") as soon as it passes `limit`:
 * the rest is never downloaded, so an oversized answer costs at most `limit` bytes of memory.
 */
export async function readCapped(res: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw new ProviderCallError("too_large", res.status);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ProviderCallError("too_large", res.status);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toResponse(status: number, headers: Headers, bytes: Uint8Array, latencyMs: number): ProviderResponse {
  let parsed: { value: unknown } | undefined;
  const json = (): unknown => {
    if (!parsed) {
      try {
        parsed = { value: JSON.parse(new TextDecoder().decode(bytes)) };
      } catch {
        throw new ProviderCallError("malformed", status);
      }
    }
    return parsed.value;
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    headers,
    latencyMs,
    json,
    parse<T>(schema: z.ZodType<T>): T {
      const result = schema.safeParse(json());
      if (!result.success) throw new ProviderCallError("malformed", status);
      return result.data;
    },
    retryAfterSeconds: () => parseRetryAfter(headers.get("retry-after")),
  };
}

export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return {
    baseUrl,
    async request(req: ProviderRequest): Promise<ProviderResponse> {
      const method = req.method ?? "GET";
      const url = buildUrl(baseUrl, req.path, req.query);
      const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT, ...options.headers, ...req.headers };
      let body: string | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers["content-type"] = "application/json";
      } else if (req.form) {
        body = new URLSearchParams(req.form).toString();
        headers["content-type"] = "application/x-www-form-urlencoded";
      }
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), req.timeoutMs ?? options.timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
      const started = performance.now();
      const report = (status?: number, error?: ProviderCallErrorKind) =>
        options.onRequest?.({ method, path: req.path, status, latencyMs: Math.round(performance.now() - started), error });
      const failure = (e: unknown, status?: number): ProviderCallError => {
        if (e instanceof ProviderCallError) return e;
        if (deadline.signal.aborted) return new ProviderCallError("timeout", status);
        if (options.signal?.aborted) {
          const reason: unknown = options.signal.reason;
          return new ProviderCallError(reason instanceof ProviderCallError ? reason.kind : "aborted", status);
        }
        return new ProviderCallError("unreachable", status);
      };
      try {
        if (options.budget) {
          const allowed = await options.budget.gate(options.budget.kind);
          if (!allowed.ok) throw new ProviderCallError("budget", undefined, allowed.retryAfterSeconds);
        }
        let res: Response;
        try {
          res = await fetch(url, { method, headers, body, redirect: "manual", signal, cache: "no-store" });
        } catch (e) {
          throw failure(e);
        }
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel().catch(() => {});
          throw new ProviderCallError("redirect", res.status);
        }
        let bytes: Uint8Array;
        try {
          bytes = await readCapped(res, MAX_RESPONSE_BYTES);
        } catch (e) {
          throw failure(e, res.status);
        }
        const response = toResponse(res.status, res.headers, bytes, Math.round(performance.now() - started));
        report(res.status);
        return response;
      } catch (e) {
        const err = failure(e);
        report(err.status, err.kind);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
