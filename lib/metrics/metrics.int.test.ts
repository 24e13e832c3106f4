// The metrics end to end on a real database: the listener refuses a scrape without its token, and a
// scrape after a provider check, an API request, a relayed event and a webhook delivery shows each
// counter moved, the queue and the relay read from the database, and no credential, token, id or
// secret anywhere in the output (the canary).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { apiRoute, idParams } from "@/lib/api/handler";
import { systemActor } from "@/lib/audit";
import { recordCheckRun } from "@/lib/connections/check-results";
import { connections, workspaces } from "@/lib/db/schema";
import { getEnv, setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { ensureHandoffQueues, relayBatch } from "@/lib/handoff/relay";
import { WEBHOOK_DELIVERY_QUEUE, type WebhookDeliveryJob } from "@/lib/handoff/queues";
import { attemptDelivery } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/handoff/webhooks/endpoints";
import { startMetricsServer, type MetricsServer } from "@/lib/metrics/server";
import { runCheck } from "@/lib/providers/check";
import { createBoss } from "@/lib/queue";
import { providerBudgetGate } from "@/lib/rate-limit";
import { createPeoplehrSandbox } from "@/lib/sandbox/peoplehr";
import { peoplehrSandboxCredentials, PEOPLEHR_SANDBOX_SCOPES } from "@/lib/sandbox/peoplehr/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const TOKEN = "metrics-token-CANARY-0123456789abcdefghijklmnop";

/** The value of one series: `name{…labels…} value`, every given label matching; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe(`metrics on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let boss: PgBoss;
  let server: MetricsServer;
  let status = 204;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(status).end());
  });
  let receiverUrl = "";

  const scrape = async (authorization: string | null = `Bearer ${TOKEN}`) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await serveSandbox(createPeoplehrSandbox());
    setEnvOverrides({ PEOPLEHR_API_URL: sandbox.url, WEBHOOKS_ALLOW_PRIVATE: "true", PROVIDER_TIMEOUT_MS: "3000" });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await t.db.insert(workspaces).values({ id: "ws_metrics", slug: "metrics", name: "Metrics Vendor GmbH" });
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await ensureHandoffQueues(boss);
    server = (await startMetricsServer({ ...getEnv(), METRICS_TOKEN: TOKEN, METRICS_HOST: "127.0.0.1" }, "app", { port: 0 }))!;
  });
  afterAll(async () => {
    await server?.close();
    await boss?.stop({ graceful: false, wait: true });
    await new Promise((r) => receiver.close(r));
    await sandbox?.close();
    await t?.drop();
  });

  it("refuses a scrape without the token or with a wrong one, and serves nothing but GET /metrics", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("Bearer not-the-token")).status).toBe(401);
    expect((await scrape(`Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`)).status).toBe(401);
    const refused = await scrape(null);
    expect(refused.text).not.toContain("latchkey_");
    expect((await fetch(`http://127.0.0.1:${server.port}/`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("process_cpu_user_seconds_total");
    expect(ok.text).toContain('role="app"');
    expect(sample(ok.text, "latchkey_metrics_database_up")).toBe(1);
  });

  it("a scrape after a check, an API request, a relay and deliveries shows each moved, and no secret or id in any label", async () => {
    const before = (await scrape()).text;
    const apiKey = peoplehrSandboxCredentials.find((c) => c.expect.outcome === "ok")!.values.apiKey!;
    const wrongKey = peoplehrSandboxCredentials.find((c) => c.expect.outcome === "invalid_credentials")?.values.apiKey ?? "CANARY-wrong-key";

    // Two checks through the budget, recorded as a dashboard re-check and a daily health check record them.
    const budget = providerBudgetGate({ provider: "peoplehr", workspaceId: "ws_metrics", connection: "conn_metrics1" });
    const ok = await runCheck({ provider: "peoplehr", credentials: { apiKey }, ...PEOPLEHR_SANDBOX_SCOPES, budget });
    expect(ok.outcome).toBe("ok");
    await recordCheckRun(t.db, { workspaceId: "ws_metrics", provider: "peoplehr", check: ok, trigger: "dashboard" });
    const refused = await runCheck({ provider: "peoplehr", credentials: { apiKey: wrongKey }, ...PEOPLEHR_SANDBOX_SCOPES, budget });
    expect(refused.outcome).not.toBe("ok");
    await recordCheckRun(t.db, { workspaceId: "ws_metrics", provider: "peoplehr", check: refused, trigger: "schedule" });

    // An API request on a route with an id in its path.
    const route = apiRoute({ params: idParams }, async ({ params }) => ({ id: params.id }));
    const res = await route(new Request("http://localhost/api/v1/connections/conn_metrics1/status"), { params: Promise.resolve({ id: "conn_metrics1" }) });
    expect(res.status).toBe(200);

    // An event committed and not yet relayed: the outbox's backlog and lag, read from the database.
    const { secret } = await createWebhookEndpoint(t.db, { workspaceId: "ws_metrics", url: receiverUrl, actor: systemActor });
    const eventId = await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({ id: "conn_metrics1", workspaceId: "ws_metrics", endUserId: "end-user-CANARY", provider: "peoplehr" });
      return emitEvent(tx, { workspaceId: "ws_metrics", type: "connection.created", connectionId: "conn_metrics1", payload: { provider: "peoplehr" } });
    });
    await new Promise((r) => setTimeout(r, 50));
    const pending = (await scrape()).text;
    expect(sample(pending, "latchkey_outbox_unrelayed_events")).toBe(1);
    expect(sample(pending, "latchkey_relay_lag_seconds")).toBeGreaterThan(0);

    while ((await relayBatch(boss)) > 0);
    const relayed = (await scrape()).text;
    expect(sample(relayed, "latchkey_outbox_unrelayed_events")).toBe(0);
    expect(sample(relayed, "latchkey_relay_lag_seconds")).toBe(0);
    expect(sample(relayed, "latchkey_relay_delay_seconds_count")! - (sample(before, "latchkey_relay_delay_seconds_count") ?? 0)).toBe(1);
    expect(sample(relayed, "latchkey_queue_jobs", { queue: "connection.ready", state: "created" })).toBe(1);
    expect(sample(relayed, "latchkey_queue_jobs", { queue: WEBHOOK_DELIVERY_QUEUE, state: "created" })).toBe(1);
    expect(sample(relayed, "latchkey_queue_oldest_waiting_seconds", { queue: "connection.ready" })).toBeGreaterThanOrEqual(0);

    // Two delivery attempts: the receiver answers 500, then 204.
    const [job] = await boss.fetch<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE);
    expect(job?.data.eventId).toBe(eventId);
    status = 500;
    expect(await attemptDelivery(t.db, { data: job!.data, retryCount: 0, retryLimit: 3 })).toBe("failed");
    status = 204;
    expect(await attemptDelivery(t.db, { data: job!.data, retryCount: 1, retryLimit: 3 })).toBe("delivered");

    const after = (await scrape()).text;
    const moved = (name: string, labels: Record<string, string> = {}) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved("latchkey_provider_check_duration_seconds_count", { provider: "peoplehr", outcome: "ok", trigger: "dashboard" })).toBe(1);
    expect(moved("latchkey_provider_check_duration_seconds_count", { provider: "peoplehr", outcome: refused.outcome, trigger: "schedule" })).toBe(1);
    expect(moved("latchkey_provider_budget_requests_total", { provider: "peoplehr", result: "allowed" })).toBeGreaterThanOrEqual(2);
    expect(sample(after, "latchkey_provider_budget_used_ratio", { provider: "peoplehr", per: "provider" })).toBeGreaterThan(0);
    expect(sample(after, "latchkey_provider_budget_used_ratio", { per: "overall" })).toBeGreaterThan(0);
    expect(moved("latchkey_api_request_duration_seconds_count", { route: "/api/v1/connections/[id]/status", method: "GET", status: "200" })).toBe(1);
    expect(moved("latchkey_webhook_deliveries_total", { outcome: "failed" })).toBe(1);
    expect(moved("latchkey_webhook_deliveries_total", { outcome: "delivered" })).toBe(1);
    expect(moved("latchkey_webhook_delivery_duration_seconds_count")).toBe(2);
    expect(moved("latchkey_vault_opens_total", { kind: "webhook_secret", result: "ok" })).toBe(2);

    // The canary: no credential, token, signing secret, id, workspace or end user in the output.
    for (const text of [before, pending, relayed, after]) {
      for (const canary of [apiKey, wrongKey, TOKEN, secret, secret.slice(6), "conn_metrics1", "ws_metrics", "Metrics Vendor", "end-user-CANARY", eventId, receiverUrl, "CANARY"])
        expect(text, `the metrics contain ${canary.slice(0, 12)}…`).not.toContain(canary);
    }
  });
});
