// `npm run bench:handoff`: latency from commit to webhook received (p50/p95) over 1,000 saved
// connections on a local receiver, and saves per second with the relay and the delivery worker
// running, beside a baseline measured in the same run: saves per second with nothing running
// (the two take turns in BENCH_ROUNDS rounds, 4 by default, so that the machine's load touches both
// alike; the goal is a ratio of at least 0.6, issue #15). Uses the Postgres on 127.0.0.1:5432 (TEST_POSTGRES_URL) when it answers, else the embedded one.
// Never fails on timing. Ends with one JSON line: p50_ms, p95_ms, saves_per_s, baseline_saves_per_s, ratio.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { systemActor } from "@/lib/audit";
import { closeDb, createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { connections, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { emitEvent } from "@/lib/handoff/outbox";
import { ensureHandoffQueues, startRelayLoop } from "@/lib/handoff/relay";
import { startWebhookWorker } from "@/lib/handoff/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/handoff/webhooks/endpoints";
import { createBoss } from "@/lib/queue";
import { createBareDatabase } from "@/test/db";
import { pct, postgresAnswers } from "@/bench/helpers";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@/lib/db/schema";

const N = 1000;
const PACE_PER_S = 100;
/** The baseline and the run with the hand-off take turns in this many rounds (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

async function main() {
  const kind = (await postgresAnswers()) ? "postgres" : "pglite";
  const bare = await createBareDatabase(kind);
  const migrator = createPool(bare.url, 2);
  await runMigrations(migrator);
  await migrator.end();
  setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true", NODE_ENV: "test", LOG_LEVEL: "error", WEBHOOKS_ALLOW_PRIVATE: "true" });
  const pool = createPool(bare.url, 10);
  const db = drizzle(pool, { schema });

  const received = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = req.headers["webhook-id"];
      if (typeof id === "string" && !received.has(id)) received.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  await db.insert(workspaces).values({ id: "ws_bench", slug: "bench", name: "Bench" });
  await createWebhookEndpoint(db, { workspaceId: "ws_bench", url, actor: systemActor });

  let serial = 0;
  const save = async (): Promise<{ id: string; committedAt: number }> => {
    const n = serial++;
    const id = await db.transaction(async (tx) => {
      await tx.insert(connections).values({ id: `conn_b${n}`, workspaceId: "ws_bench", endUserId: `u${n}`, provider: "personio", scopeResults: { employees: { status: "granted", required: true } } });
      return emitEvent(tx, { workspaceId: "ws_bench", type: "connection.created", connectionId: `conn_b${n}`, payload: { provider: "personio" } });
    });
    return { id, committedAt: performance.now() };
  };

  const boss = createBoss(bare.url, { supervise: false, schedule: false, max: 5 });
  await boss.start();
  await ensureHandoffQueues(boss);
  const startHandoff = async () => {
    const workerId = await startWebhookWorker(boss, db);
    const relay = startRelayLoop(boss, { pool, onRelayed: () => boss.notifyWorker(workerId) });
    return { stop: async () => (await relay.stop(), await boss.offWork({ id: workerId })) };
  };
  const waitAll = async (ids: string[], timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (ids.some((id) => !received.has(id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  // Throughput: saves as fast as one client can, without anything running (the baseline) and with
  // the relay and the delivery worker running, taking turns in ROUNDS rounds so that a change in
  // the machine's load touches both alike. The baseline's events are marked relayed after its turn
  // (nothing would relay them), and every turn with the hand-off running ends once its events have
  // reached the receiver (not timed), so that no turn inherits another's backlog.
  const per = Math.ceil(N / ROUNDS);
  let baselineMs = 0;
  let withRelayMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    for (let i = 0; i < per; i++) await save();
    baselineMs += performance.now() - t0;
    await pool.query("update events set relayed_at = now() where relayed_at is null");
    const handoff = await startHandoff();
    const burst: string[] = [];
    t0 = performance.now();
    for (let i = 0; i < per; i++) burst.push((await save()).id);
    withRelayMs += performance.now() - t0;
    await waitAll(burst, 120_000);
    await handoff.stop();
  }
  const baselinePerS = (per * ROUNDS) / (baselineMs / 1000);
  const withRelayPerS = (per * ROUNDS) / (withRelayMs / 1000);

  const relay = await startHandoff();
  // Latency: paced saves (PACE_PER_S), commit → webhook received.
  const paced: Array<{ id: string; committedAt: number }> = [];
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const due = start + (i * 1000) / PACE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    paced.push(await save());
  }
  await waitAll(paced.map((p) => p.id), 120_000);
  const latencies = paced.filter((p) => received.has(p.id)).map((p) => received.get(p.id)! - p.committedAt);

  await relay.stop();
  await boss.stop({ graceful: false, wait: true });
  receiver.close();
  await pool.end();
  await closeDb();
  await bare.drop();

  const p50 = Math.round(pct(latencies, 50));
  const p95 = Math.round(pct(latencies, 95));
  const ratio = withRelayPerS / baselinePerS;
  process.stdout.write(
    [
      `hand-off on ${kind}: ${N} connections, one webhook endpoint on a local receiver`,
      `  commit → webhook received (paced at ${PACE_PER_S}/s): p50 ${p50} ms, p95 ${p95} ms, delivered ${latencies.length}/${N}`,
      `  saves/s with relay + worker running: ${withRelayPerS.toFixed(0)}  (baseline without: ${baselinePerS.toFixed(0)}, ratio ${ratio.toFixed(2)}; ${ROUNDS} rounds of ${per} each)`,
      `  goal: ratio at least 0.6 → ${ratio >= 0.6 ? "met" : "not met"}`,
      `  goal: p50 under 1000 ms → ${p50 < 1000 ? "met" : "not met"}`,
      "",
    ].join("\n"),
  );
  process.stdout.write(
    JSON.stringify({ p50_ms: p50, p95_ms: p95, saves_per_s: Math.round(withRelayPerS), baseline_saves_per_s: Math.round(baselinePerS), ratio: Number(ratio.toFixed(3)), delivered: latencies.length, db: kind }) + "\n",
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:handoff failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
