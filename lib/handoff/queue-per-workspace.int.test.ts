// `connection.ready` per workspace (HANDOFF_QUEUE_PER_WORKSPACE): two vendors on one install, each
// sync backend consuming its own queue the way @latchkey/node names it, sees only its workspace's
// connections; the relay creates a workspace's queue with its first event; off (the default), every
// job goes to the one shared queue as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { connectionReadyQueue as consumerQueue, type ConnectionReadyJob } from "@latchkey/node";
import { connections, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { CONNECTION_READY_QUEUE } from "@/lib/handoff/queues";
import { ensureHandoffQueues, relayBatch } from "@/lib/handoff/relay";
import { refreshDatabaseMetrics } from "@/lib/metrics/database";
import { metrics } from "@/lib/metrics/registry";
import { createBoss } from "@/lib/queue";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

describe(`connection.ready per workspace on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let latchkey: PgBoss;
  /** Each vendor's sync backend: its own pg-boss client on the same database, as examples/sync-worker runs. */
  const vendors: PgBoss[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values([
      { id: "ws_alpha", slug: "alpha", name: "Alpha" },
      { id: "ws_beta", slug: "beta", name: "Beta" },
    ]);
    latchkey = createBoss(t.url, { supervise: false, schedule: false });
    await latchkey.start();
    await ensureHandoffQueues(latchkey);
    for (let i = 0; i < 2; i++) {
      const boss = createBoss(t.url, { supervise: false, schedule: false });
      await boss.start();
      vendors.push(boss);
    }
  });
  afterAll(async () => {
    for (const b of [latchkey, ...vendors]) await b?.stop({ graceful: false, wait: true });
    setEnvOverrides({ HANDOFF_QUEUE_PER_WORKSPACE: "" });
    await t?.drop();
  });

  const save = (workspaceId: string, id: string) =>
    t.db.transaction(async (tx) => {
      await tx.insert(connections).values({ id, workspaceId, endUserId: `user-${id}`, provider: "personio" });
      return emitEvent(tx, { workspaceId, type: "connection.created", connectionId: id, payload: { provider: "personio" } });
    });

  /** Everything a consumer can fetch from `queue` (completing each, as a worker would). */
  async function drain(boss: PgBoss, queue: string): Promise<ConnectionReadyJob[]> {
    const seen: ConnectionReadyJob[] = [];
    for (;;) {
      const batch = await boss.fetch<ConnectionReadyJob>(queue, { batchSize: 50 });
      if (!batch.length) return seen;
      for (const job of batch) seen.push(job.data);
      await boss.complete(queue, batch.map((j) => j.id));
    }
  }

  it("with the setting on, each workspace's consumer sees only its own connections; the shared queue gets none", async () => {
    setEnvOverrides({ HANDOFF_QUEUE_PER_WORKSPACE: "true" });
    expect(await latchkey.getQueue(consumerQueue("ws_alpha"))).toBeNull();
    for (let i = 0; i < 3; i++) {
      await save("ws_alpha", `conn_a${i}`);
      await save("ws_beta", `conn_b${i}`);
    }
    while ((await relayBatch(latchkey)) > 0);
    // Created by the relay with the workspace's first event.
    expect(await latchkey.getQueue(consumerQueue("ws_alpha"))).toMatchObject({ name: "connection.ready.ws_alpha" });

    // The metrics fold the per-workspace queues into their family: no workspace id in a label.
    await refreshDatabaseMetrics(metrics());
    const scraped = await metrics().registry.metrics();
    expect(scraped).toMatch(/latchkey_queue_jobs\{queue="connection\.ready",state="created"[^}]*\} 6\n/);
    expect(scraped).not.toContain("ws_alpha");

    const [alpha, beta] = vendors as [PgBoss, PgBoss];
    const alphaJobs = await drain(alpha, consumerQueue("ws_alpha"));
    const betaJobs = await drain(beta, consumerQueue("ws_beta"));
    expect(alphaJobs.map((j) => j.connectionId).sort()).toEqual(["conn_a0", "conn_a1", "conn_a2"]);
    expect(betaJobs.map((j) => j.connectionId).sort()).toEqual(["conn_b0", "conn_b1", "conn_b2"]);
    expect(new Set(alphaJobs.map((j) => j.workspaceId))).toEqual(new Set(["ws_alpha"]));
    expect(new Set(betaJobs.map((j) => j.workspaceId))).toEqual(new Set(["ws_beta"]));
    expect(await drain(alpha, CONNECTION_READY_QUEUE)).toEqual([]);

    // A later event: the queues exist now, and each job still lands in its own workspace's queue.
    await save("ws_beta", "conn_b3");
    while ((await relayBatch(latchkey)) > 0);
    expect(await drain(alpha, consumerQueue("ws_alpha"))).toEqual([]);
    expect((await drain(beta, consumerQueue("ws_beta"))).map((j) => j.connectionId)).toEqual(["conn_b3"]);
  });

  it("off (the default), every workspace's jobs go to the one shared connection.ready", async () => {
    setEnvOverrides({ HANDOFF_QUEUE_PER_WORKSPACE: "" });
    await save("ws_alpha", "conn_a9");
    await save("ws_beta", "conn_b9");
    while ((await relayBatch(latchkey)) > 0);
    expect((await drain(vendors[0]!, consumerQueue())).map((j) => j.connectionId).sort()).toEqual(["conn_a9", "conn_b9"]);
    expect(await drain(vendors[1]!, consumerQueue("ws_beta"))).toEqual([]);
  });
});
