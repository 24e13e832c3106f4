import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { webhookDeliveries, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { attemptDelivery, NO_OUTCOME } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/handoff/webhooks/endpoints";
import { webhookRetryPolicy } from "@/lib/handoff/webhooks/queue";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// A worker killed mid-delivery (issue #15's drill): the receiver may already have the event, so the
// attempt must be on record before the request leaves, and the job must not stay `active` for long.
describe(`webhook attempts on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let server: http.Server;
  let url: string;
  let release: (() => void) | undefined;
  let arrived: (() => void) | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    setEnvOverrides({ WEBHOOKS_ALLOW_PRIVATE: "true" });
    await t.db.insert(workspaces).values([{ id: "ws_att", slug: "att", name: "Attempts" }]);
    server = http.createServer((req, res) => {
      req.resume();
      arrived?.();
      // Holds the answer until the test lets it go: the attempt is "in flight" meanwhile.
      release = () => res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.drop();
  });

  it("records the attempt before the request goes out and completes that same row with the answer", async () => {
    const { endpoint } = await createWebhookEndpoint(t.db, { workspaceId: "ws_att", url, actor: systemActor });
    const eventId = await t.db.transaction((tx) => emitEvent(tx, { workspaceId: "ws_att", type: "connection.created", connectionId: "conn_a1", payload: {} }));
    const atReceiver = new Promise<void>((r) => (arrived = r));
    const outcome = attemptDelivery(t.db, { data: { eventId, endpointId: endpoint.id, workspaceId: "ws_att" }, retryCount: 2, retryLimit: 12 }, { allowPrivate: true });
    await atReceiver;
    // The receiver has the request and has not answered: were the worker killed now, this row is what stays.
    const inFlight = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]).toMatchObject({ attempt: 3, succeeded: false, statusCode: null, durationMs: null, error: NO_OUTCOME });
    release!();
    expect(await outcome).toBe("delivered");
    const done = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: inFlight[0]!.id, attempt: 3, succeeded: true, statusCode: 204, error: null });
    expect(done[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("expires a delivery job shortly after the request's own timeout, not minutes later", () => {
    const policy = webhookRetryPolicy({ timeoutMs: 10_000 });
    expect(policy.expireInSeconds).toBeGreaterThan(10);
    expect(policy.expireInSeconds).toBeLessThanOrEqual(30);
  });
});
