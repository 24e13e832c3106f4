import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { Webhook } from "standardwebhooks";
import { systemActor } from "@/lib/audit";
import { connections, events, webhookDeliveries, webhookEndpoints, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { ensureHandoffQueues, startRelayLoop, type RelayLoop } from "@/lib/handoff/relay";
import { postOnce, startWebhookWorker } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint, rotateWebhookSecret } from "@/lib/handoff/webhooks/endpoints";
import { createBoss } from "@/lib/queue";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

type Received = { headers: http.IncomingHttpHeaders; body: string; status: number };

function startReceiver() {
  const state = { up: false, status: 204, received: [] as Received[] };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const status = state.up ? state.status : 503;
      state.received.push({ headers: req.headers, body, status });
      res.writeHead(status, status === 302 ? { location: "http://127.0.0.1:1/elsewhere" } : {});
      res.end(status === 503 ? "down for maintenance" : "");
    });
  });
  return new Promise<{ url: string; state: typeof state; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, state, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const kind = testDbKind();
const EVENTS = 40;

describe(`webhooks on ${kind}`, () => {
  let t: TestDatabase;
  const bosses: PgBoss[] = [];
  const relays: RelayLoop[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    setEnvOverrides({ WEBHOOKS_ALLOW_PRIVATE: "true" });
    await t.db.insert(workspaces).values([{ id: "ws_hook", slug: "hook", name: "Hook" }]);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const r of relays) await r.stop();
    for (const b of bosses) await b.stop({ graceful: false, wait: true });
    await receiver?.close();
    await t?.drop();
  });

  it("case 40: a receiver down and then up gets every event once, signed, with a stable webhook-id; two relays and two workers never deliver twice", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(t.db, { workspaceId: "ws_hook", url: receiver.url, actor: systemActor });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(endpoint.secrets)).not.toContain(secret.slice(6));

    const ids: string[] = [];
    const save = async () => {
      for (let i = 0; i < EVENTS; i++) {
        ids.push(
          await t.db.transaction(async (tx) => {
            await tx.insert(connections).values({ id: `conn_h${i}`, workspaceId: "ws_hook", endUserId: `u${i}`, provider: "personio" });
            return emitEvent(tx, { workspaceId: "ws_hook", type: "connection.created", connectionId: `conn_h${i}`, payload: { provider: "personio", n: i } });
          }),
        );
      }
    };
    // Two "app processes": each with its relay and its delivery worker, on one database.
    for (let i = 0; i < 2; i++) {
      const boss = createBoss(t.url, { supervise: false, schedule: false });
      await boss.start();
      await ensureHandoffQueues(boss);
      bosses.push(boss);
      const workerId = await startWebhookWorker(boss, t.db, { batchSize: 5 });
      relays.push(startRelayLoop(boss, { intervalMs: 50, retryDelaySeconds: 1, retryLimit: 8, onRelayed: () => boss.notifyWorker(workerId) }));
    }

    // Saved while two relays and two workers run.
    await save();
    await waitFor("failed attempts while the receiver is down", () => receiver.state.received.length >= 10);
    await new Promise((r) => setTimeout(r, 1500));
    receiver.state.up = true;
    await waitFor("every event delivered", () => new Set(receiver.state.received.filter((r) => r.status === 204).map((r) => r.headers["webhook-id"])).size === EVENTS);
    // Let any stray duplicate show up before counting.
    await new Promise((r) => setTimeout(r, 1500));

    const ok = receiver.state.received.filter((r) => r.status === 204);
    expect(ok.length).toBe(EVENTS);
    expect(new Set(ok.map((r) => r.headers["webhook-id"]))).toEqual(new Set(ids));

    // Retries carried the same webhook-id as the first attempt.
    const failed = receiver.state.received.filter((r) => r.status === 503);
    expect(failed.length).toBeGreaterThanOrEqual(10);
    for (const f of failed) expect(ids).toContain(f.headers["webhook-id"]);
    const retried = failed.map((f) => f.headers["webhook-id"] as string).filter((id) => ok.some((o) => o.headers["webhook-id"] === id));
    expect(retried.length).toBeGreaterThan(0);

    // The receiving side verifies with the standardwebhooks library.
    const wh = new Webhook(secret);
    for (const r of ok) {
      const payload = wh.verify(r.body, r.headers as Record<string, string>) as { id: string; type: string; data: { n: number } };
      expect(payload.id).toBe(r.headers["webhook-id"]);
      expect(payload.type).toBe("connection.created");
    }
    const sample = ok[0]!;
    const headers = sample.headers as Record<string, string>;
    expect(() => wh.verify(sample.body.replace('"personio"', '"hrworks"'), headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(sample.body, headers)).toThrow();
    const oldTs = new Date(Date.now() - 10 * 60_000);
    const oldSig = wh.sign(headers["webhook-id"]!, oldTs, sample.body);
    expect(() =>
      wh.verify(sample.body, { "webhook-id": headers["webhook-id"]!, "webhook-timestamp": String(Math.floor(oldTs.getTime() / 1000)), "webhook-signature": oldSig }),
    ).toThrow(/timestamp/i);
    expect(() =>
      wh.verify(sample.body, { ...headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) }),
    ).toThrow();
    // Signed 6 minutes ago or 6 minutes ahead: outside the library's 5-minute tolerance.
    for (const minutes of [-6, 6]) {
      const at = new Date(Date.now() + minutes * 60_000);
      const signature = wh.sign(headers["webhook-id"]!, at, sample.body);
      expect(() => wh.verify(sample.body, { "webhook-id": headers["webhook-id"]!, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature })).toThrow(/timestamp/i);
    }
    // Each attempt of one event is signed afresh: same webhook-id, its own timestamp and signature.
    const attemptsOf = (id: string) => receiver.state.received.filter((r) => r.headers["webhook-id"] === id);
    const again = attemptsOf(retried[0]!);
    expect(again.length).toBeGreaterThan(1);
    expect(new Set(again.map((r) => r.headers["webhook-signature"])).size).toBe(again.length);
    expect(new Set(again.map((r) => r.headers["webhook-timestamp"])).size).toBe(again.length);

    // Every attempt is recorded, without the receiver's body.
    const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(rows.filter((r) => r.succeeded).length).toBe(EVENTS);
    expect(rows.filter((r) => !r.succeeded).length).toBe(failed.length);
    expect(rows.find((r) => !r.succeeded)).toMatchObject({ statusCode: 503, error: "HTTP 503" });
    expect(JSON.stringify(rows)).not.toContain("maintenance");
    expect(Math.max(...rows.map((r) => r.attempt))).toBeGreaterThan(1);
  });

  it("during a rotation's overlap both secrets sign", async () => {
    receiver.state.received.length = 0;
    const [endpoint] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, "ws_hook"));
    const { secret: newSecret } = await rotateWebhookSecret(t.db, { workspaceId: "ws_hook", endpointId: endpoint!.id, overlapHours: 1, actor: systemActor });
    await t.db.transaction((tx) => emitEvent(tx, { workspaceId: "ws_hook", type: "connection.deleted", connectionId: "conn_h1", payload: {} }));
    await waitFor("the event after rotation", () => receiver.state.received.some((r) => r.status === 204));
    const r = receiver.state.received.find((x) => x.status === 204)!;
    expect((r.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    expect(() => new Webhook(newSecret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
  });

  it("case 31, 40: never follows a redirect, and refuses private addresses unless allowed", async () => {
    receiver.state.status = 302;
    const redirected = await postOnce(receiver.url, {}, "{}", { timeoutMs: 2000, allowPrivate: true });
    expect(redirected).toMatchObject({ ok: false, statusCode: 302 });
    expect(redirected.error).toMatch(/redirect/);
    receiver.state.status = 204;
    const before = receiver.state.received.length;
    const blocked = await postOnce(receiver.url, {}, "{}", { timeoutMs: 2000, allowPrivate: false });
    expect(blocked.error).toMatch(/blocked/);
    const byName = await postOnce(receiver.url.replace("127.0.0.1", "localhost"), {}, "{}", { timeoutMs: 2000, allowPrivate: false });
    expect(byName.ok).toBe(false);
    expect(byName.error).toMatch(/blocked/);
    expect(receiver.state.received.length).toBe(before);
  });

  it("an endpoint that keeps failing is disabled once, with an event", async () => {
    for (const r of relays) await r.stop();
    relays.length = 0;
    const boss = bosses[0]!;
    const dead = await createWebhookEndpoint(t.db, { workspaceId: "ws_hook", url: "http://127.0.0.1:1/nothing-listens", eventTypes: ["connection.check_failed"], actor: systemActor });
    await t.db.transaction((tx) => emitEvent(tx, { workspaceId: "ws_hook", type: "connection.check_failed", connectionId: "conn_h2", payload: {} }));
    relays.push(startRelayLoop(boss, { intervalMs: 50, retryDelaySeconds: 1, retryLimit: 1 }));
    await waitFor("the endpoint disabled", async () => {
      const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, dead.endpoint.id));
      return row!.enabled === false;
    });
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, dead.endpoint.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: "failing", consecutiveFailures: 2 });
    expect(row!.disabledAt).toBeInstanceOf(Date);
    const notices = await t.db.select().from(events).where(eq(events.type, "webhook_endpoint.disabled"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toMatchObject({ endpointId: dead.endpoint.id });
    const attempts = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, dead.endpoint.id));
    expect(attempts.map((a) => a.attempt).sort()).toEqual([1, 2]);
    expect(attempts[0]!.error).toMatch(/network error|ECONNREFUSED/);
    // The notice reaches the workspace's other endpoint, not the disabled one.
    await waitFor("the notice at the other endpoint", () => receiver.state.received.some((r) => r.headers["webhook-id"] === notices[0]!.id && r.status === 204));
    const jobs = await t.pool.query("select data from pgboss.job where name = 'webhook.deliver' and data->>'eventId' = $1", [notices[0]!.id]);
    expect(jobs.rows.map((r: { data: { endpointId: string } }) => r.data.endpointId)).not.toContain(dead.endpoint.id);
  });
});
