// The webhook delivery queue's declaration: its name and retry policy, beside its worker
// (deliver.ts). Kept apart from deliver.ts so that the relay, which stamps the policy on each job
// it inserts, does not load the delivery code (and the vault) into every process that relays.
import type PgBoss from "pg-boss";
import { getEnv } from "@/lib/env";
import { WEBHOOK_DELIVERY_QUEUE } from "@/lib/handoff/queues";
import type { JobDefinition, QueueOptions } from "@/lib/jobs/types";

/**
 * The delivery queue's retry policy: exponential backoff from WEBHOOK_RETRY_DELAY_SECONDS for
 * WEBHOOK_RETRY_LIMIT retries (about a day by default), and a job expires EXPIRY_MARGIN_SECONDS after
 * the request's own timeout: a job whose worker died mid-delivery is not left `active`, the queue's
 * maintenance (QUEUE_MAINTENANCE_INTERVAL_SECONDS) moves it back to retry. The queue carries it, and the relay stamps it on each job it inserts (a
 * queue created by an older version keeps its options until the workers start and update it).
 */
/** Room for an attempt's own database work (lookups, recording) beside the request's timeout. */
export const EXPIRY_MARGIN_SECONDS = 15;

export function webhookRetryPolicy(overrides: { retryDelaySeconds?: number; retryLimit?: number; timeoutMs?: number } = {}): Required<Pick<QueueOptions, "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds">> {
  const env = getEnv();
  return {
    retryLimit: overrides.retryLimit ?? env.WEBHOOK_RETRY_LIMIT,
    retryDelay: overrides.retryDelaySeconds ?? env.WEBHOOK_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: Math.ceil((overrides.timeoutMs ?? env.WEBHOOK_TIMEOUT_MS) / 1000) + EXPIRY_MARGIN_SECONDS,
  };
}

/** The queue without its worker (deliver.ts adds the worker as `webhookDeliveryJob`). */
export const webhookQueue: JobDefinition = { queue: WEBHOOK_DELIVERY_QUEUE, options: () => webhookRetryPolicy() };

const local = globalThis as unknown as { __latchkeyWebhookWorker?: string };

export function setLocalWebhookWorker(workerId: string): void {
  local.__latchkeyWebhookWorker = workerId;
}

/** Wake this process's delivery worker (after the relay committed new jobs): lower latency than its poll. */
export function wakeWebhookWorker(boss: PgBoss): void {
  if (local.__latchkeyWebhookWorker) boss.notifyWorker(local.__latchkeyWebhookWorker);
}
