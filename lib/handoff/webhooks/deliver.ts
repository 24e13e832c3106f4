// One webhook delivery attempt, signed per Standard Webhooks: `webhook-id` is the event id (stable
// across retries, so receivers can de-duplicate), `webhook-timestamp` the attempt's time, and
// `webhook-signature` one `v1,…` signature per live secret (several during a rotation's overlap).
// Redirects are never followed; the response body is read (capped) and discarded, never stored.
import http from "node:http";
import https from "node:https";
import { and, eq, inArray, sql } from "drizzle-orm";
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
  return (await signerFor(endpoint))(eventId, timestamp, body);
}

/** The endpoint's live secrets opened once: a batch signs all its events to one endpoint with them. */
async function signerFor(endpoint: WebhookEndpoint): Promise<(eventId: string, timestamp: Date, body: string) => string> {
  const now = Date.now();
  const live = endpoint.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now);
  const signers: Webhook[] = [];
  for (const s of live) signers.push(new Webhook(await openSigningSecret(s.sealed, { workspaceId: endpoint.workspaceId, endpointId: endpoint.id, secretId: s.id })));
  return (eventId, timestamp, body) => signers.map((w) => w.sign(eventId, timestamp, body)).join(" ");
}

export type DeliverOptions = { timeoutMs?: number; allowPrivate?: boolean; disableAfterFailures?: number };

export type DeliveryJobInput = { data: WebhookDeliveryJob; retryCount: number; retryLimit: number };
export type DeliveryOutcome = "delivered" | "skipped" | "failed";

/**
 * Make one attempt for a delivery job and record it. Returns "delivered", "skipped" (endpoint
 * gone or disabled, event gone) or "failed" (the caller lets pg-boss retry).
 */
export async function attemptDelivery(db: Db, job: DeliveryJobInput, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  return (await attemptDeliveries(db, [job], options))[0]!;
}

/**
 * One attempt for each job of a batch, with the database work done once for the batch, not once
 * per job (the hand-off's cost beside the saves, issue #15): one read of the endpoints, one of the
 * events, one insert of every attempt before the requests go out (each stays on record if the
 * process dies mid-request), the requests in parallel, then one transaction that writes every
 * answer and the endpoints' failure counts. Outcomes in the jobs' order.
 *
 * Failure counting within a batch: the endpoints with a success are reset first, then each failure
 * counts, in the jobs' order (the requests ran in parallel, so no other order is more true).
 */
export async function attemptDeliveries(db: Db, jobs: DeliveryJobInput[], options: DeliverOptions = {}): Promise<DeliveryOutcome[]> {
  const env = getEnv();
  if (jobs.length === 0) return [];
  const endpointRows = await db
    .select()
    .from(webhookEndpoints)
    .where(inArray(webhookEndpoints.id, [...new Set(jobs.map((j) => j.data.endpointId))]));
  const eventRows = await db
    .select()
    .from(events)
    .where(inArray(events.id, [...new Set(jobs.map((j) => j.data.eventId))]));
  const endpointsById = new Map(endpointRows.map((e) => [e.id, e]));
  const eventsById = new Map(eventRows.map((e) => [e.id, e]));

  type Planned = { index: number; job: DeliveryJobInput; endpoint: WebhookEndpoint; attemptId: string; body: string; headers: Record<string, string> };
  const outcomes: DeliveryOutcome[] = jobs.map(() => "skipped");
  const planned: Planned[] = [];
  const signers = new Map<string, Promise<(eventId: string, timestamp: Date, body: string) => string>>();
  const timestamp = new Date();
  for (const [index, job] of jobs.entries()) {
    const { eventId, endpointId, workspaceId } = job.data;
    // Tenant-scoped: a job names its workspace, and the rows must belong to it.
    const endpoint = endpointsById.get(endpointId);
    if (!endpoint || endpoint.workspaceId !== workspaceId || !endpoint.enabled) continue;
    const event = eventsById.get(eventId);
    if (!event || event.workspaceId !== workspaceId) continue;
    if (!signers.has(endpoint.id)) signers.set(endpoint.id, signerFor(endpoint));
    const sign = await signers.get(endpoint.id)!;
    const body = JSON.stringify(eventBody(event));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "webhook-id": event.id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": sign(event.id, timestamp, body),
    };
    planned.push({ index, job, endpoint, attemptId: newId("whd"), body, headers });
  }
  if (planned.length === 0) return outcomes;

  // Recorded before the requests go out, so that an attempt is on record even when this process
  // dies mid-request (the receiver may have the event by then; the job's expiry brings it back to
  // retry and the next attempt is recorded too). Each row says what is known until the answer
  // replaces it: no outcome.
  await db.insert(webhookDeliveries).values(
    planned.map((p) => ({
      id: p.attemptId,
      workspaceId: p.job.data.workspaceId,
      endpointId: p.endpoint.id,
      eventId: p.job.data.eventId,
      attempt: p.job.retryCount + 1,
      statusCode: null,
      durationMs: null,
      error: NO_OUTCOME,
      succeeded: false,
    })),
  );
  const results = await Promise.all(
    planned.map((p) =>
      postOnce(p.endpoint.url, p.headers, p.body, {
        timeoutMs: options.timeoutMs ?? env.WEBHOOK_TIMEOUT_MS,
        allowPrivate: options.allowPrivate ?? env.WEBHOOKS_ALLOW_PRIVATE ?? false,
      }),
    ),
  );

  const m = metrics();
  for (const r of results) {
    m.webhookDeliveries.inc({ outcome: r.ok ? "delivered" : r.statusCode === 410 ? "gone" : "failed" });
    m.webhookDuration.observe(r.durationMs / 1000);
  }
  let disabled: Array<"gone" | "failing"> = [];
  await db.transaction(async (tx) => {
    disabled = [];
    // Every answer in one statement.
    const answers = planned.map((p, k) => ({ id: p.attemptId, r: results[k]! }));
    await tx.execute(sql`
      update ${webhookDeliveries} as d
         set status_code = a.status_code, duration_ms = a.duration_ms, error = a.error, succeeded = a.succeeded
        from unnest(${sql.param(answers.map((a) => a.id))}::text[], ${sql.param(answers.map((a) => a.r.statusCode))}::int[], ${sql.param(answers.map((a) => a.r.durationMs))}::int[],
                    ${sql.param(answers.map((a) => a.r.error?.slice(0, 200) ?? null))}::text[], ${sql.param(answers.map((a) => a.r.ok))}::boolean[])
             as a(id, status_code, duration_ms, error, succeeded)
       where d.id = a.id`);
    const succeeded = [...new Set(planned.filter((_, k) => results[k]!.ok).map((p) => p.endpoint.id))];
    if (succeeded.length) {
      await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0 })
        .where(and(inArray(webhookEndpoints.id, succeeded), sql`${webhookEndpoints.consecutiveFailures} <> 0`));
    }
    for (const [k, p] of planned.entries()) {
      const result = results[k]!;
      if (result.ok) continue;
      const { job, endpoint } = p;
      const { workspaceId } = job.data;
      const finalAttempt = job.retryCount >= job.retryLimit;
      const [row] = await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
        .where(eq(webhookEndpoints.id, endpoint.id))
        .returning({ failures: webhookEndpoints.consecutiveFailures, enabled: webhookEndpoints.enabled });
      // "Keeps failing": an event has exhausted its retries (about a day) and nothing has succeeded
      // in between. Disabled once, with an event to the workspace's other endpoints and the feed.
      // 410 Gone: the receiver says the endpoint no longer exists, so it is disabled at once (as
      // "failing", so the dashboard shows the answer; the event says "gone") and nothing is retried.
      const gone = result.statusCode === 410;
      const threshold = options.disableAfterFailures ?? job.retryLimit + 1;
      if (row?.enabled && (gone || (finalAttempt && row.failures >= threshold))) {
        await tx
          .update(webhookEndpoints)
          .set({ enabled: false, disabledReason: "failing", disabledAt: new Date(), updatedAt: new Date() })
          .where(eq(webhookEndpoints.id, endpoint.id));
        await emitEvent(tx, {
          workspaceId,
          type: "webhook_endpoint.disabled",
          payload: { endpointId: endpoint.id, url: endpoint.url, reason: gone ? "gone" : "failing", consecutiveFailures: row.failures, lastError: result.error },
        });
        disabled.push(gone ? "gone" : "failing");
      }
    }
  });
  for (const reason of disabled) m.webhookDisabled.inc({ reason });
  for (const [k, p] of planned.entries()) {
    const r = results[k]!;
    outcomes[p.index] = r.ok ? "delivered" : r.statusCode === 410 ? "skipped" : "failed";
  }
  return outcomes;
}

/** Register the delivery worker on `boss`: each fetched batch is attempted together (attemptDeliveries); a failed job is retried on its own. */
export async function startWebhookWorker(boss: PgBoss, db: Db, options: DeliverOptions & { batchSize?: number } = {}): Promise<string> {
  const log = getLogger().child({ part: "webhooks" });
  return boss.work<WebhookDeliveryJob>(
    WEBHOOK_DELIVERY_QUEUE,
    { batchSize: options.batchSize ?? 50, includeMetadata: true, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      let outcomes: DeliveryOutcome[];
      try {
        outcomes = await attemptDeliveries(db, jobs, options);
      } catch (err) {
        // The database went away mid-batch (or another error): every job of the batch is retried.
        log.error({ err, jobs: jobs.length }, "webhook delivery error");
        await Promise.all(jobs.map((j) => boss.fail(WEBHOOK_DELIVERY_QUEUE, j.id, { message: "delivery error" }).catch(() => {})));
        return;
      }
      // Failures are the exception: one call each (pg-boss 10's typings take a message per id only).
      await Promise.all(jobs.filter((_, k) => outcomes[k] === "failed").map((j) => boss.fail(WEBHOOK_DELIVERY_QUEUE, j.id, { message: "delivery failed" })));
    },
  );
}

export const webhookDeliveryJob: JobDefinition = {
  ...webhookQueue,
  start: async (boss) => {
    setLocalWebhookWorker(await startWebhookWorker(boss, getDb()));
  },
};
