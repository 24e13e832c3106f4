// The passthrough's connection side: the sync backend calls the provider through Latchkey with
// the connection's sealed credential, which is opened here (audited) and never leaves the server.
// What may be asked and how the answer is cleaned is the provider side, lib/providers/passthrough.ts.
import "server-only";
import type { Logger } from "pino";
import { recordAudit, type Actor } from "@/lib/audit";
import { openOAuthPassthroughSession, oauthStateOf } from "@/lib/connections/oauth";
import { findLiveConnection } from "@/lib/connections/queries";
import type { Db } from "@/lib/db";
import type { Connection } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { openProviderSession } from "@/lib/providers/check";
import { ProviderCallError, readCapped } from "@/lib/providers/http";
import {
  buildProxyUrl,
  FORWARDED_REQUEST_HEADERS,
  MAX_PROXY_RESPONSE_BYTES,
  RETURNED_RESPONSE_HEADERS,
  scrubSecrets,
  validateProxyPath,
  type ProxyRequest,
  type ProxyResult,
} from "@/lib/providers/passthrough";
import type { ProviderId } from "@/lib/providers/types";
import { providerBudgetGate, spend, limitKey } from "@/lib/rate-limit";
import { openCredential, revealAll } from "@/lib/vault";

/** Passthrough calls per connection (PROXY_RATE_LIMIT_PER_MINUTE), shared by every instance. */
export async function enforceProxyRateLimit(connectionId: string, db?: Db): Promise<void> {
  const points = getEnv().PROXY_RATE_LIMIT_PER_MINUTE;
  const r = await spend([{ key: limitKey("proxy", connectionId), limit: { points, durationSeconds: 60 } }], db);
  if (!r.allowed) {
    throw new AppError("rate_limited", `Too many passthrough calls for this connection (limit ${points} a minute). Retry in ${r.retryAfterSeconds} seconds.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}

const retryIn = (seconds: number | undefined) => (seconds ? ` Retry in ${seconds} seconds.` : " Retry later.");

export async function proxyCall(db: Db, input: { workspaceId: string; connectionId: string; request: ProxyRequest; actor: Actor; logger?: Logger }): Promise<ProxyResult> {
  const { request } = input;
  validateProxyPath(request.path);
  const conn = await findLiveConnection(db, input.workspaceId, input.connectionId);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  await enforceProxyRateLimit(conn.id, db);
  const budget = providerBudgetGate({ provider: conn.provider as ProviderId, workspaceId: conn.workspaceId, connection: conn.id });

  const reason = `passthrough ${request.method} ${request.path}`;
  const session = await passthroughSession(db, conn, { actor: input.actor, reason, budget });
  const secretValues = session.secrets;

  const url = buildProxyUrl(session.baseUrl, request.path, request.query);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) if (FORWARDED_REQUEST_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  Object.assign(headers, session.auth.headers ?? {});
  let body: string | undefined;
  if (request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE") {
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

  // The call itself spends the provider budget too (authentication spent it above).
  const allowed = await budget("call");
  if (!allowed.ok) throw new AppError("rate_limited", `Latchkey's request budget for this provider is spent.${retryIn(allowed.retryAfterSeconds)}`, { retryAfterSeconds: allowed.retryAfterSeconds });

  const started = performance.now();
  const log = (input.logger ?? getLogger()).child({ part: "proxy", connectionId: conn.id, provider: conn.provider });
  let res: Response;
  try {
    res = await fetch(url, { method: request.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(getEnv().PROVIDER_TIMEOUT_MS * 2) });
  } catch {
    log.warn({ method: request.method, path: request.path, ms: Math.round(performance.now() - started) }, "passthrough failed");
    throw new AppError("provider_unreachable", "The provider could not be reached. Retry later.");
  }
  // Streamed and cut at the cap: an answer of any size holds at most 5 MB here (case 33).
  let buf: Buffer;
  try {
    const bytes = await readCapped(res, MAX_PROXY_RESPONSE_BYTES);
    buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (err) {
    if (err instanceof ProviderCallError && err.kind === "too_large") {
      log.warn({ method: request.method, path: request.path, status: res.status }, "passthrough answer over the cap");
      throw new AppError("provider_error", "The provider's answer is larger than the passthrough allows (5 MB). Ask for a smaller page.");
    }
    log.warn({ method: request.method, path: request.path, ms: Math.round(performance.now() - started) }, "passthrough answer broke off");
    throw new AppError("provider_unreachable", "The provider could not be reached. Retry later.");
  }
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

type PassthroughSession = { baseUrl: string; auth: { headers?: Record<string, string>; json?: Record<string, unknown> }; secrets: string[] };

/**
 * What a call needs to reach the provider as this connection: an OAuth connection's current access
 * token (lib/connections/oauth.ts refreshes it first when due), or the stored credential turned
 * into the provider's authentication. `secrets` are scrubbed from whatever the provider answers.
 */
async function passthroughSession(
  db: Db,
  conn: Connection,
  input: { actor: Actor; reason: string; budget: ReturnType<typeof providerBudgetGate> },
): Promise<PassthroughSession> {
  if (oauthStateOf(conn)) {
    const oauth = await openOAuthPassthroughSession(db, conn, { actor: input.actor, reason: input.reason });
    if (!oauth.ok) throw new AppError("provider_error", "The provider no longer accepts this connection's sign-in. The customer needs to reconnect.");
    return { baseUrl: oauth.baseUrl, auth: { headers: oauth.headers }, secrets: oauth.secrets };
  }
  const opened = revealAll(await openCredential(db, { workspaceId: conn.workspaceId, connectionId: conn.id, actor: input.actor, reason: input.reason }));
  const session = await openProviderSession({ provider: conn.provider as ProviderId, credentials: opened, budget: input.budget });
  if (!session.ok) {
    const message =
      session.outcome === "invalid_credentials"
        ? "The provider refused the stored credentials. The customer needs to reconnect."
        : session.outcome === "rate_limited"
          ? `The provider's request limit is reached (its own or Latchkey's budget for it).${retryIn(session.retryAfterSeconds)}`
          : "The provider could not be reached. Retry later.";
    throw new AppError(session.outcome === "rate_limited" ? "rate_limited" : "provider_error", message, { retryAfterSeconds: session.retryAfterSeconds });
  }
  const secrets = [...Object.values(opened), ...Object.values(session.auth.headers ?? {}).map((v) => v.replace(/^(Bearer|Basic)\s+/i, ""))];
  return { baseUrl: session.baseUrl, auth: session.auth, secrets };
}
