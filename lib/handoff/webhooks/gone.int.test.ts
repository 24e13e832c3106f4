import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { events, webhookEndpoints, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { attemptDelivery } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/handoff/webhooks/endpoints";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

// Case 40: a receiver that answers 410 Gone has said the endpoint no longer exists.
describe(`webhook endpoint answering 410 on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let server: http.Server;
  let url: string;
  let hits = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    setEnvOverrides({ WEBHOOKS_ALLOW_PRIVATE: "true" });
    await t.db.insert(workspaces).values([{ id: "ws_gone", slug: "gone", name: "Gone" }]);
    server = http.createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(410).end("gone");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.drop();
  });

  it("case 40: disables the endpoint at the first 410, with its webhook_endpoint.disabled event", async () => {
    const { endpoint } = await createWebhookEndpoint(t.db, { workspaceId: "ws_gone", url, eventTypes: ["connection.check_failed"], actor: systemActor });
    const eventId = await t.db.transaction((tx) => emitEvent(tx, { workspaceId: "ws_gone", type: "connection.check_failed", connectionId: "conn_g1", payload: {} }));
    const outcome = await attemptDelivery(t.db, { data: { eventId, endpointId: endpoint.id, workspaceId: "ws_gone" }, retryCount: 0, retryLimit: 12 }, { allowPrivate: true });
    expect(outcome).toBe("skipped");
    expect(hits).toBe(1);
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row).toMatchObject({ enabled: false, consecutiveFailures: 1 });
    expect(row!.disabledAt).toBeInstanceOf(Date);
    const notices = await t.db.select().from(events).where(eq(events.type, "webhook_endpoint.disabled"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toMatchObject({ endpointId: endpoint.id, reason: "gone" });
    // No further attempt: the endpoint is off.
    expect(await attemptDelivery(t.db, { data: { eventId, endpointId: endpoint.id, workspaceId: "ws_gone" }, retryCount: 1, retryLimit: 12 }, { allowPrivate: true })).toBe("skipped");
    expect(hits).toBe(1);
  });
});
