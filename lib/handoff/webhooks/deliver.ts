// One webhook delivery attempt, signed per Standard Webhooks: `webhook-id` is the event id (stable
// across retries, so receivers can de-duplicate), `webhook-timestamp` the attempt's time, and
// `webhook-signature` one `v1,…` signature per live secret (several during a rotation's overlap).
// Redirects are never followed; the response body is read (capped) and discarded, never stored.
import http from "node:http";
import https from "node:https";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { Webhook } from "standardwebhooks";
import { getDb, type Db } from "@/lib/db";
import { events, webhookDeliveries, webhookEndpoints, type Event, type WebhookEndpoint } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { newId } from "@/lib/ids";
import { getLogger } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { emitEvent } from "@/lib/handoff/outbox";
import type { JobDefinition } from "@/lib/jobs/types";
import { setLocalWebhookWorker, webhookQueue } from "@/lib/handoff/webhooks/queue";
import { WEBHOOK_DELIVERY_QUEUE, type WebhookDeliveryJob } from "@/lib/handoff/queues";
import { openSigningSecret } from "@/lib/handoff/webhooks/secrets";
import { BlockedAddressError, guardedLookup, isBlockedHost } from "@/lib/handoff/webhooks/url-guard";

export const USER_AGENT = "Latchkey-Webhooks/1";
const MAX_RESPONSE_BYTES = 16 * 1024;

/** The JSON body of a webhook and of a feed item: the event, never a secret. */
export function eventBody(e: Pick<Event, "id" | "type" | "createdAt" | "connectionId" | "payload">): Record<string, unknown> {
  return {
    id: e.id,
    type: e.type,
    timestamp: e.createdAt.toISOString(),
    connection_id: e.connectionId,
    data: e.payload,
  };
}

/**
 * An attempt's `error` from the moment it is recorded (before the request goes out) until its
 * answer is: still in flight, or the worker stopped (killed, crashed) before it had the answer.
 */
export const NO_OUTCOME = "no outcome recorded: the request was in flight when the worker stopped";

export type AttemptResult = { ok: boolean; statusCode: number | null; durationMs: number; error: string | null };

function shortError(err: unknown): string {
  if (err instanceof BlockedAddressError) return "blocked: the host resolves to a private or loopback address";
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ETIMEDOUT_LATCHKEY") return "timeout";
  if (e?.code) return `network error: ${e.code}`;
  return "network error";
}

/** POST `body` to `url`, connecting only to an address that passed the guard. */
export function postOnce(url: string, headers: Record<string, string>, body: string, options: { timeoutMs: number; allowPrivate: boolean }): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ ok: false, statusCode: null, durationMs: 0, error: "invalid URL" });
    }
    if (!options.allowPrivate && isBlockedHost(target.hostname))
      return resolve({ ok: false, statusCode: null, durationMs: 0, error: shortError(new BlockedAddressError()) });
    const lib = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
    if (!lib) return resolve({ ok: false, statusCode: null, durationMs: 0, error: "unsupported scheme" });
    let settled = false;
    const finish = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = lib.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.allowPrivate),
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          // A 3xx is a failure: redirects are not followed (the target could be anywhere).
          finish({ ok, statusCode: status, durationMs: elapsed(), error: ok ? null : status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}` });
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, durationMs: elapsed(), error: "timeout" });
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (err) => finish({ ok: false, statusCode: null, durationMs: elapsed(), error: shortError(err) }));
    req.end(body);
  });
}

export async function signatureHeader(endpoint: WebhookEndpoint, eventId: string, timestamp: Date, body: string): Promise<string> {
  const now = Date.now();
  const live = endpoint.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now);
  const signatures: string[] = [];
  for (const s of live) {
    const secret = await openSigningSecret(s.sealed, { workspaceId: endpoint.workspaceId, endpointId: endpoint.id, secretId: s.id });
    signatures.push(new Webhook(secret).sign(eventId, timestamp, body));
  }
  return signatures.join(" ");
}

export type DeliverOptions = { timeoutMs?: number; allowPrivate?: boolean; disableAfterFailures?: number };

/**
 * Make one attempt for a delivery job and record it. Returns "delivered", "skipped" (endpoint
 * gone or disabled, event gone) or "failed" (the caller lets pg-boss retry).
 */
export async function attemptDelivery(
  db: Db,
  job: { data: WebhookDeliveryJob; retryCount: number; retryLimit: number },
  options: DeliverOptions = {},
): Promise<"delivered" | "skipped" | "failed"> {
  const env = getEnv();
  const { eventId, endpointId, workspaceId } = job.data;
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, workspaceId)))
    .limit(1);
  if (!endpoint || !endpoint.enabled) return "skipped";
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.workspaceId, workspaceId)))
    .limit(1);
  if (!event) return "skipped";

  const body = JSON.stringify(eventBody(event));
  const timestamp = new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": event.id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": await signatureHeader(endpoint, event.id, timestamp, body),
  };
  const attempt = job.retryCount + 1;
  // Recorded before the request goes out, so that an attempt is on record even when this process
  // dies mid-request (the receiver may have the event by then; the job's expiry brings it back to
  // retry and the next attempt is recorded too). The row says what is known until the answer
  // replaces it: no outcome.
  const attemptId = newId("whd");
  await db.insert(webhookDeliveries).values({ id: attemptId, workspaceId, endpointId, eventId, attempt, statusCode: null, durationMs: null, error: NO_OUTCOME, succeeded: false });
  const result = await postOnce(endpoint.url, headers, body, {
    timeoutMs: options.timeoutMs ?? env.WEBHOOK_TIMEOUT_MS,
    allowPrivate: options.allowPrivate ?? env.WEBHOOKS_ALLOW_PRIVATE ?? false,
  });
  const finalAttempt = job.retryCount >= job.retryLimit;
  const gone = result.statusCode === 410;
  metrics().webhookDeliveries.inc({ outcome: result.ok ? "delivered" : gone ? "gone" : "failed" });
  metrics().webhookDuration.observe(result.durationMs / 1000);
  let disabled = false;
  await db.transaction(async (tx) => {
    disabled = false;
    await tx
      .update(webhookDeliveries)
      .set({ statusCode: result.statusCode, durationMs: result.durationMs, error: result.error?.slice(0, 200) ?? null, succeeded: result.ok })
      .where(eq(webhookDeliveries.id, attemptId));
    if (result.ok) {
      await tx.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(and(eq(webhookEndpoints.id, endpointId), sql`${webhookEndpoints.consecutiveFailures} <> 0`));
      return;
    }
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning({ failures: webhookEndpoints.consecutiveFailures, enabled: webhookEndpoints.enabled });
    // "Keeps failing": an event has exhausted its retries (about a day) and nothing has succeeded
    // in between. Disabled once, with an event to the workspace's other endpoints and the feed.
    // 410 Gone: the receiver says the endpoint no longer exists, so it is disabled at once (as
    // "failing", so the dashboard shows the answer; the event says "gone") and nothing is retried.
    const threshold = options.disableAfterFailures ?? job.retryLimit + 1;
    if (row?.enabled && (gone || (finalAttempt && row.failures >= threshold))) {
      await tx
        .update(webhookEndpoints)
        .set({ enabled: false, disabledReason: "failing", disabledAt: new Date(), updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, endpointId));
      await emitEvent(tx, {
        workspaceId,
        type: "webhook_endpoint.disabled",
        payload: { endpointId, url: endpoint.url, reason: gone ? "gone" : "failing", consecutiveFailures: row.failures, lastError: result.error },
      });
      disabled = true;
    }
  });
  if (disabled) metrics().webhookDisabled.inc({ reason: gone ? "gone" : "failing" });
  return result.ok ? "delivered" : gone ? "skipped" : "failed";
}

/** Register the delivery worker on `boss`. Each job's outcome is settled on its own. */
export async function startWebhookWorker(boss: PgBoss, db: Db, options: DeliverOptions & { batchSize?: number } = {}): Promise<string> {
  const log = getLogger().child({ part: "webhooks" });
  return boss.work<WebhookDeliveryJob>(
    WEBHOOK_DELIVERY_QUEUE,
    { batchSize: options.batchSize ?? 20, includeMetadata: true, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const outcome = await attemptDelivery(db, job, options);
            if (outcome === "failed") await boss.fail(WEBHOOK_DELIVERY_QUEUE, job.id, { message: "delivery failed" });
          } catch (err) {
            log.error({ err, eventId: job.data.eventId, endpointId: job.data.endpointId }, "webhook delivery error");
            await boss.fail(WEBHOOK_DELIVERY_QUEUE, job.id, { message: "delivery error" }).catch(() => {});
          }
        }),
      );
    },
  );
}

export const webhookDeliveryJob: JobDefinition = {
  ...webhookQueue,
  start: async (boss) => {
    setLocalWebhookWorker(await startWebhookWorker(boss, getDb()));
  },
};
