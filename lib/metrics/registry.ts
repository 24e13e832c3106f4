// The metrics every process exposes in Prometheus's text format (prom-client): declared once here,
// counted where the thing happens, served by lib/metrics/server.ts. A leaf: it imports nothing from
// lib, so the check runs' recorder, the budget gate, the vault, the API wrapper and the hand-off may
// all count into it.
//
// One registry per process, kept on globalThis: the launcher (scripts/serve.ts, loaded by tsx) and
// the route handlers (bundled by Next.js, with their own copy of every module) must count into the
// same objects, or a scrape would miss every API request.
//
// Labels are low-cardinality on purpose: provider ids, outcomes, event kinds, route patterns
// ("/api/v1/connections/[id]"), status codes, queue names (per-workspace queues folded into their
// family). Never an id, a workspace, an address, a URL or anything a customer typed: a label's value
// ends up in the monitoring system, which is not where secrets or customer data may go.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function create() {
  const registry = new Registry();
  const check = new Histogram({
    name: "latchkey_provider_check_duration_seconds",
    help: "Checks of a connection's access as recorded (wizard, dashboard, API, daily health checks; OAuth included) by provider, outcome and trigger, and how long each took. The _count is the number of checks.",
    labelNames: ["provider", "outcome", "trigger"] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
    registers: [registry],
  });
  const budgetRequests = new Counter({
    name: "latchkey_provider_budget_requests_total",
    help: "Requests to providers asked of the provider budget, by provider, kind (auth or call) and result (allowed, or refused: not sent, the caller told to wait).",
    labelNames: ["provider", "kind", "result"] as const,
    registers: [registry],
  });
  const budgetUsed = new Gauge({
    name: "latchkey_provider_budget_used_ratio",
    help: "The share of a provider budget spent in its current window (1 = exhausted), read from the database at scrape time. per=provider|overall: that budget; per=workspace|connection: the most used one among them.",
    labelNames: ["provider", "per", "requests"] as const,
    registers: [registry],
  });
  const webhookDeliveries = new Counter({
    name: "latchkey_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome: delivered (2xx), failed (retried later), gone (410: the endpoint is disabled).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const webhookDuration = new Histogram({
    name: "latchkey_webhook_delivery_duration_seconds",
    help: "How long a webhook attempt took until the receiver answered or the attempt failed.",
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhookDisabled = new Counter({
    name: "latchkey_webhook_endpoints_disabled_total",
    help: "Webhook endpoints disabled because they kept failing (reason=failing) or answered 410 (reason=gone).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: "latchkey_queue_jobs",
    help: "Jobs not yet finished per queue and state (created, retry, active), read from the database at scrape time; per-workspace connection.ready queues are summed under queue=\"connection.ready\".",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: "latchkey_queue_oldest_waiting_seconds",
    help: "How long the oldest job that is due (created or retry, its start time passed) has been waiting for a worker, per queue, read at scrape time; 0 when none waits.",
    labelNames: ["queue"] as const,
    registers: [registry],
  });
  const relayLag = new Gauge({
    name: "latchkey_relay_lag_seconds",
    help: "Age of the oldest committed outbox event not yet relayed to the queue and webhooks, read at scrape time; 0 when the outbox is empty.",
    registers: [registry],
  });
  const outboxPending = new Gauge({
    name: "latchkey_outbox_unrelayed_events",
    help: "Committed outbox events not yet relayed, read at scrape time.",
    registers: [registry],
  });
  const relayed = new Histogram({
    name: "latchkey_relay_delay_seconds",
    help: "For each event this process relayed: the time from its commit to its relay (the database's clock on both ends).",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const vaultOpens = new Counter({
    name: "latchkey_vault_opens_total",
    help: "Sealed values opened by kind (credential, webhook secret, …) and result (ok, failed).",
    labelNames: ["kind", "result"] as const,
    registers: [registry],
  });
  const apiRequests = new Histogram({
    name: "latchkey_api_request_duration_seconds",
    help: "Vendor API requests (lib/api/handler.ts) by route pattern, method and status, and how long each took. The _count is the number of requests.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const databaseUp = new Gauge({
    name: "latchkey_metrics_database_up",
    help: "1 when this scrape could read the database-backed metrics (queues, relay, budgets), 0 when the database did not answer (those series are then absent).",
    registers: [registry],
  });
  return {
    registry,
    check,
    budgetRequests,
    budgetUsed,
    webhookDeliveries,
    webhookDuration,
    webhookDisabled,
    queueJobs,
    queueAge,
    relayLag,
    outboxPending,
    relayed,
    vaultOpens,
    apiRequests,
    databaseUp,
    defaultsStarted: false,
  };
}

export type Metrics = ReturnType<typeof create>;

const store = globalThis as unknown as { __latchkeyMetrics?: Metrics };

/** This process's metrics (created on first use). Counting is cheap and needs no configuration. */
export function metrics(): Metrics {
  store.__latchkeyMetrics ??= create();
  return store.__latchkeyMetrics;
}

/**
 * Start the default process metrics (CPU, memory, event loop lag, GC, handles) and label every
 * series with the process's role, once. Called by whoever serves the metrics.
 */
export function startProcessMetrics(role: "app" | "worker"): Metrics {
  const m = metrics();
  if (!m.defaultsStarted) {
    m.registry.setDefaultLabels({ role });
    collectDefaultMetrics({ register: m.registry });
    m.defaultsStarted = true;
  }
  return m;
}

/** Seconds since `startedMs` (performance.now()), for a histogram. */
export const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;
