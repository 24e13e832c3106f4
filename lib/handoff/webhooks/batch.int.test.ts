import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { webhookDeliveries, webhookEndpoints, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { attemptDeliveries } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/handoff/webhooks/endpoints";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// The delivery worker attempts a fetched batch together (issue #15, the hand-off's cost): one read
// of endpoints and events, one insert of the attempts, one transaction for the answers. Each job
// still gets its own outcome, its own recorded attempt and its own signed request.
describe(`webhook deliveries in a batch on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  const received: Array<{ path: string; id: string; body: string; headers: Record<string, string> }> = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    setEnvOverrides({ WEBHOOKS_ALLOW_PRIVATE: "true" });
    await t.db.insert(workspaces).values([
      { id: "ws_b1", slug: "b1", name: "Batch one" },
      { id: "ws_b2", slug: "b2", name: "Batch two" },
    ]);
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", id: String(req.headers["webhook-id"]), body: Buffer.concat(chunks).toString("utf8"), headers: req.headers as Record<string, string> });
        res.writeHead(req.url === "/failing" ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.drop();
  });

  it("gives each job its outcome, attempt row and signed request; skips what is gone or another workspace's", async () => {
    const ok = await createWebhookEndpoint(t.db, { workspaceId: "ws_b1", url: `${base}/ok`, actor: systemActor });
    const failing = await createWebhookEndpoint(t.db, { workspaceId: "ws_b1", url: `${base}/failing`, actor: systemActor });
    const other = await createWebhookEndpoint(t.db, { workspaceId: "ws_b2", url: `${base}/other`, actor: systemActor });
    await t.db.update(webhookEndpoints).set({ consecutiveFailures: 3 }).where(eq(webhookEndpoints.id, ok.endpoint.id));
    const emit = () => t.db.transaction((tx) => emitEvent(tx, { workspaceId: "ws_b1", type: "connection.created", connectionId: "conn_b", payload: { n: 1 } }));
    const [e1, e2, e3] = [await emit(), await emit(), await emit()];
    const job = (eventId: string, endpointId: string, workspaceId = "ws_b1", retryCount = 0) => ({ data: { eventId, endpointId, workspaceId }, retryCount, retryLimit: 12 });

    const outcomes = await attemptDeliveries(
      t.db,
      [
        job(e1, ok.endpoint.id),
        job(e2, failing.endpoint.id, "ws_b1", 4),
        job(e2, ok.endpoint.id),
        job("evt_missing", ok.endpoint.id),
        job(e3, other.endpoint.id, "ws_b1"), // another workspace's endpoint: never
        job(e3, ok.endpoint.id, "ws_b2"), // a job naming the wrong workspace: never
        job(e3, ok.endpoint.id),
      ],
      { allowPrivate: true },
    );
    expect(outcomes).toEqual(["delivered", "failed", "delivered", "skipped", "skipped", "skipped", "delivered"]);

    // One request per deliverable job, each signed with its endpoint's secret, to its endpoint only.
    expect(received.map((r) => `${r.path} ${r.id}`).sort()).toEqual([`/failing ${e2}`, `/ok ${e1}`, `/ok ${e2}`, `/ok ${e3}`].sort());
    for (const r of received) {
      const secret = r.path === "/ok" ? ok.secret : failing.secret;
      expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();
      expect((JSON.parse(r.body) as { id: string }).id).toBe(r.id);
    }

    // One attempt row per request, each completed with its own answer.
    const rows = await t.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, [e1, e2, e3]));
    const byKey = Object.fromEntries(rows.map((r) => [`${r.endpointId === ok.endpoint.id ? "ok" : "failing"} ${r.eventId}`, r]));
    expect(rows).toHaveLength(4);
    for (const e of [e1, e2, e3]) expect(byKey[`ok ${e}`]).toMatchObject({ attempt: 1, succeeded: true, statusCode: 204, error: null });
    expect(byKey[`failing ${e2}`]).toMatchObject({ attempt: 5, succeeded: false, statusCode: 500, error: "HTTP 500" });
    for (const r of rows) expect(r.durationMs).toBeGreaterThanOrEqual(0);

    // Failure counts: the endpoint that answered is reset, the failing one counts its failure.
    const counts = Object.fromEntries((await t.db.select().from(webhookEndpoints)).map((e) => [e.id, e.consecutiveFailures]));
    expect(counts[ok.endpoint.id]).toBe(0);
    expect(counts[failing.endpoint.id]).toBe(1);
    expect(counts[other.endpoint.id]).toBe(0);
    expect(await attemptDeliveries(t.db, [], { allowPrivate: true })).toEqual([]);
  });
});
