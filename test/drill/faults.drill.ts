// The fault drill (issue #15), run by `npm test` after `next build` (vitest.drill.config.ts):
// a private PostgreSQL cluster, two instances of the built app (`npm start`'s scripts/serve.ts,
// workers off), a separate worker (`npm run worker`), a webhook receiver that checks signatures,
// and a few hundred saves across both instances the way the wizard makes them (the session API,
// then the wizard's check-and-save action). Meanwhile: the worker is SIGKILLed and restarted,
// Postgres is stopped for 10 s (a worker is started during the outage) and started again, one
// instance is SIGKILLed and restarted. Then every instance and the worker get SIGTERM.
//
// Afterwards: every committed connection reached the receiver, signed, and more than once only as
// a recorded retry; every request the receiver saw is a recorded attempt; no job is left active;
// the surviving instance answered /api/health 503 naming the database during the outage (never a
// hang) and 200 after without a restart; the API answered 503 database_unavailable with
// Retry-After, never 500, and the wizard's action database_unavailable (a session opened just
// before the outage, its action posted during it); no process exited on its own (the worker
// started during the outage waited for the database); SIGTERM let a save in flight finish and
// each process exit 0. The recovery times are printed. DRILL_LOG_DIR=<dir> keeps every process's
// output there.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import * as schema from "@/lib/db/schema";
import { createPgCluster, type PgCluster } from "@/test/pg-cluster";
import { createSession, request, saveOnce, saveWithSession, startCheckActionId, startProc, startReceiver, type Proc, type SaveOutcome } from "@/test/drill/harness";

const PORT = Number(process.env.DRILL_PORT ?? 3800);
const PG_PORT = Number(process.env.DRILL_PG_PORT ?? 55432);
// Sized for CI (npm test): 200 saves, the faults at fixed shares of them.
const TARGET_SAVES = Number(process.env.DRILL_SAVES ?? 200);
const at = (share: number) => Math.round(TARGET_SAVES * share);
const CONCURRENCY = 6;
const OUTAGE_MS = 10_000;
const SHUTDOWN_TIMEOUT_SECONDS = 10;

// Durations from the monotonic clock: this machine's wall clock has been seen running ahead of it.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

type Health = { at: number; instance: string; status: number | "error"; ms: number; failing: string[] };
type Attempt = { at: number; instance: string; outcome: SaveOutcome };

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() > end) throw new Error(`drill: ${what} did not happen within ${timeoutMs} ms`);
    await sleep(200);
  }
}

describe("fault drill: two instances, a worker and Postgres failing under load", () => {
  let cluster: PgCluster;
  let dataDir: string;
  const procs: Proc[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    cluster = await createPgCluster(PG_PORT);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-drill-"));
    receiver = await startReceiver();
  });

  afterAll(async () => {
    for (const p of procs) if (!p.exit) p.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited));
    // DRILL_LOG_DIR=<dir>: every process's output, one file each, to read after a failed run.
    const logDir = process.env.DRILL_LOG_DIR;
    if (logDir) {
      fs.mkdirSync(logDir, { recursive: true });
      for (const p of procs) fs.writeFileSync(path.join(logDir, `${p.name}.log`), p.lines.join("\n") + "\n");
    }
    await receiver?.close();
    await cluster?.remove();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses no committed connection, delivers each once (retries recorded), leaves no job active and no process dead", async () => {
    const drillStart = performance.now();
    const actionId = startCheckActionId();
    const migrator = createPool(cluster.url(), 2);
    await runMigrations(migrator);
    await migrator.end();
    const pool = createPool(cluster.url(), 3);
    const db = drizzle(pool, { schema });

    const baseEnv = {
      DATABASE_URL: cluster.url(),
      LATCHKEY_DEMO: "true",
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_MASTER_KEYS: `drill:${randomBytes(32).toString("base64")}`,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      HOST: "127.0.0.1",
      TRUST_PROXY: "1",
      WEBHOOKS_ALLOW_PRIVATE: "true",
      WEBHOOK_TIMEOUT_MS: "2000",
      WEBHOOK_RETRY_DELAY_SECONDS: "1",
      QUEUE_MAINTENANCE_INTERVAL_SECONDS: "2",
      HANDOFF_RELAY_INTERVAL_MS: "100",
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      // The load runs against the People HR simulator, not People HR: Latchkey's budget for the real
      // one (30 calls a minute for the whole install, lib/providers/budget.ts) would hold the drill
      // to about ten saves a minute. The budgets are configurable for exactly this.
      PROVIDER_BUDGETS: JSON.stringify({ peoplehr: [{ per: "provider", requests: "all", points: 1_000_000, durationSeconds: 60 }] }),
      PROVIDER_BUDGET_WORKSPACE_PER_MINUTE: "1000000",
      PROVIDER_BUDGET_OVERALL_PER_MINUTE: "1000000",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const instanceEnv = (port: number) => ({ ...baseEnv, PORT: String(port), LATCHKEY_DEMO_PORT: String(port + 1), LATCHKEY_PUBLIC_URL: `http://127.0.0.1:${port}`, LATCHKEY_WORKERS: "off" });
    const bases = { A: `http://127.0.0.1:${PORT}`, B: `http://127.0.0.1:${PORT + 2}` };
    const current: Record<"A" | "B" | "W", Proc | null> = { A: null, B: null, W: null };
    const start = (name: "A" | "B" | "W", tag: string): Proc => {
      const p = name === "W" ? startProc(tag, "scripts/worker.ts", baseEnv) : startProc(tag, "scripts/serve.ts", instanceEnv(name === "A" ? PORT : PORT + 2));
      procs.push(p);
      current[name] = p;
      return p;
    };

    // Start-up: A first (it creates the demo workspace), then B and the worker.
    const w1 = start("W", "W1").waitForLine(/"msg":"worker started"/, 90_000);
    await start("A", "A").waitForLine(/"msg":"ready"/, 120_000);
    await Promise.all([start("B", "B").waitForLine(/"msg":"ready"/, 120_000), w1]);
    // Several keys: each key's session budget is per key (and becomes shared across instances).
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push((await insertApiKey(db, { workspaceId: "ws_demo", name: `drill ${i}`, permissions: ["sessions:write", "connections:read", "connections:write"] })).key);
    const endpoint = await request(`${bases.A}/api/v1/webhook-endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys[0]}`, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, event_types: ["connection.created"] }),
    });
    expect(endpoint.status, "webhook endpoint created").toBe(201);
    receiver.setSecret((JSON.parse((endpoint as { body: string }).body) as { secret: string }).secret);
    console.info(`drill: started in ${since(drillStart)}`);

    // Health of both instances, every 250 ms, for the whole drill.
    const health: Health[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await Promise.all(
          (["A", "B"] as const).map(async (instance) => {
            const at = performance.now();
            const r = await request(`${bases[instance]}/api/health`, { timeoutMs: 8000 });
            const failing = r.status !== "error" && r.status !== 200 ? ((JSON.parse(r.body || "{}") as { failing?: string[] }).failing ?? []) : [];
            health.push({ at, instance, status: r.status, ms: r.ms, failing });
          }),
        );
        await sleep(250);
      }
    })();

    // The load: CONCURRENCY loops, alternating instances, until TARGET_SAVES are saved.
    const attempts: Attempt[] = [];
    let saved = 0;
    let serial = 0;
    // A bound, not a goal: on an idle 2-core machine the load takes about a minute and a half.
    const loadDeadline = performance.now() + Number(process.env.DRILL_LOAD_SECONDS ?? 300) * 1000;
    const loops = Array.from({ length: CONCURRENCY }, async () => {
      while (saved < TARGET_SAVES && performance.now() < loadDeadline) {
        const n = serial++;
        const instance = n % 2 === 0 ? "A" : "B";
        const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        const outcome = await saveOnce(bases[instance], keys[n % keys.length]!, actionId, n, address);
        attempts.push({ at: performance.now(), instance, outcome });
        if (outcome.kind === "saved") saved++;
        else await sleep(200);
      }
    });

    // The faults, one after another, while the load runs.
    let actionDuringOutage: SaveOutcome | undefined;
    const faults = (async () => {
      const marks = { workerKilled: 0, workerBack: 0, webhookAfterWorkerRestart: 0, dbStopped: 0, w3Waiting: 0, dbStarting: 0, dbStarted: 0, w3Started: 0, bKilled: 0, bBack: 0 };
      // 1. The worker is SIGKILLed (deliveries are running all the time: mid-delivery) and restarted.
      await until(`${at(0.2)} saves`, 120_000, () => saved >= at(0.2));
      current.W!.kill("SIGKILL");
      await current.W!.exited;
      marks.workerKilled = performance.now();
      await start("W", "W2").waitForLine(/"msg":"worker started"/, 60_000);
      marks.workerBack = performance.now();
      const receivedBefore = receiver.received.length;
      await until("a webhook after the worker's restart", 30_000, () => receiver.received.length > receivedBefore);
      marks.webhookAfterWorkerRestart = performance.now();

      // 2. Postgres stops for OUTAGE_MS; 2 s in, the worker is replaced by one started during the outage.
      await until(`${at(0.43)} saves`, 120_000, () => saved >= at(0.43));
      // A session opened just before the outage whose wizard action arrives during it: the save
      // the load makes at the outage's start only now and then (the drill's intermittent 500).
      const openedBefore = await createSession(bases.A, keys[2]!, 999_998, "10.255.255.253");
      if (!("token" in openedBefore)) throw new Error(`drill: the session before the outage was refused: ${JSON.stringify(openedBefore)}`);
      await cluster.stop();
      marks.dbStopped = performance.now();
      actionDuringOutage = await saveWithSession(bases.A, actionId, openedBefore.token, "10.255.255.253");
      await sleep(1000);
      current.W!.kill("SIGKILL");
      await current.W!.exited;
      const w3 = start("W", "W3");
      // The outage lasts OUTAGE_MS, and longer if the new worker has not reached the database yet
      // (a loaded machine starts it slowly): it must be seen waiting while Postgres is down.
      await w3.waitForLine(/waiting for the database/, 40_000);
      marks.w3Waiting = performance.now();
      await sleep(Math.max(0, marks.dbStopped + OUTAGE_MS - performance.now()));
      marks.dbStarting = performance.now();
      await cluster.start();
      marks.dbStarted = performance.now();
      await w3.waitForLine(/"msg":"worker started"/, 60_000);
      marks.w3Started = performance.now();

      // 3. Instance B is SIGKILLed and restarted.
      await until(`${at(0.67)} saves`, 120_000, () => saved >= at(0.67));
      current.B!.kill("SIGKILL");
      await current.B!.exited;
      marks.bKilled = performance.now();
      await start("B", "B2").waitForLine(/"msg":"ready"/, 120_000);
      marks.bBack = performance.now();
      return marks;
    })();

    const marks = await faults;
    await Promise.all(loops);
    const loadDone = performance.now();
    polling = false;
    await poller;

    // Everything committed reaches the receiver, and nothing stays active.
    const committed = async () =>
      (await pool.query<{ id: string; connection_id: string }>("select id, connection_id from events where type = 'connection.created' and workspace_id = 'ws_demo'")).rows;
    const receivedIds = () => new Set(receiver.received.filter((r) => r.valid).map((r) => r.id));
    // Waited for, not asserted here: the figures below are printed first, the assertions follow them.
    const settle = (what: string, timeoutMs: number, probe: () => Promise<boolean>) =>
      until(what, timeoutMs, probe).then(
        () => performance.now(),
        () => undefined,
      );
    const deliveredAll = await settle("every committed connection at the receiver", 60_000, async () => (await committed()).every((e) => receivedIds().has(e.id)));
    // Jobs in `active` (any queue), and webhook deliveries not yet done. (`connection.ready` jobs
    // stay `created`: the vendor's sync backend consumes them, and none runs here.)
    const unsettled = async () =>
      (await pool.query<{ name: string; state: string; n: number }>(
        "select name, state, count(*)::int as n from pgboss.job where state = 'active' or (name = 'webhook.deliver' and state in ('created', 'retry')) group by 1, 2",
      )).rows;
    const drained = await settle("no job left active", 60_000, async () => (await unsettled()).length === 0);
    const leftOver = await unsettled();
    const events = await committed();

    // Graceful shutdown: a save in flight on A when SIGTERM arrives still finishes; every process exits 0.
    const lastSession = await createSession(bases.A, keys[1]!, 999_999, "10.255.255.254");
    if (!("token" in lastSession)) throw new Error(`drill: the last session was refused: ${JSON.stringify(lastSession)}`);
    // SIGTERM once A has finished this save's provider check (the People HR simulator is served by
    // A itself, on its demo port, which stops taking connections at SIGTERM): what is in flight then
    // is the save. A fixed 100 ms was too short on a loaded machine, where the check's own requests
    // to the simulator then came after SIGTERM and the check answered provider_unreachable.
    const checkedFrom = current.A!.lines.length;
    const inFlight = saveWithSession(bases.A, actionId, lastSession.token, "10.255.255.254");
    await until("the last save's provider check on A", 60_000, () => current.A!.lines.slice(checkedFrom).some((l) => l.includes('"msg":"provider check finished"')));
    const stopAt = performance.now();
    for (const name of ["A", "B", "W"] as const) current[name]!.kill("SIGTERM");
    const finished = await inFlight;
    const exits = await Promise.all((["A", "B", "W"] as const).map((name) => current[name]!.exited));

    // ---- figures ----
    const attemptsByEvent = new Map(
      (await pool.query<{ event_id: string; n: number }>("select event_id, count(*)::int as n from webhook_deliveries group by event_id")).rows.map((r) => [r.event_id, r.n]),
    );
    const hits = new Map<string, number>();
    for (const r of receiver.received) hits.set(r.id, (hits.get(r.id) ?? 0) + 1);
    // Polls sent while Postgres was surely down: from half a second after it stopped to the start command.
    const outage = (h: Health) => h.at >= marks.dbStopped + 500 && h.at + h.ms < marks.dbStarting;
    const aDuring = health.filter((h) => h.instance === "A" && outage(h));
    const firstOk = (instance: string, after: number) => health.find((h) => h.instance === instance && h.at >= after && h.status === 200)?.at;
    const aBack = firstOk("A", marks.dbStarted);
    const firstSaveAfter = attempts.find((a) => a.at >= marks.dbStarted && a.outcome.kind === "saved")?.at;
    const firstHookAfter = receiver.received.find((r) => r.at >= marks.dbStarted)?.at;
    const refused = attempts.filter((a): a is Attempt & { outcome: Extract<SaveOutcome, { kind: "refused" }> } => a.outcome.kind === "refused");
    const byCode = new Map<string, number>();
    for (const a of refused) byCode.set(`${a.outcome.step}:${a.outcome.code}`, (byCode.get(`${a.outcome.step}:${a.outcome.code}`) ?? 0) + 1);
    const apiUnavailable = refused.filter((a) => a.outcome.step === "session" && a.outcome.status === 503 && a.outcome.code === "database_unavailable");
    const twice = events.filter((e) => (hits.get(e.id) ?? 0) > 1).length;
    const rel = (t: number | undefined, from: number) => (t === undefined ? "never" : `${Math.round(t - from)} ms`);
    console.info(
      [
        `drill: ${saved} saves (${attempts.length} attempts) across two instances in ${((loadDone - drillStart) / 1000).toFixed(1)} s; ${events.length} committed`,
        `drill: refusals by step and code: ${JSON.stringify(Object.fromEntries(byCode))}; a wizard action posted during the outage: ${JSON.stringify(actionDuringOutage)}`,
        `drill: worker SIGKILLed -> restarted worker running ${rel(marks.workerBack, marks.workerKilled)}, next webhook ${rel(marks.webhookAfterWorkerRestart, marks.workerKilled)}`,
        `drill: Postgres down ${Math.round(marks.dbStarted - marks.dbStopped)} ms; A /api/health during it: ${aDuring.length} polls, statuses ${JSON.stringify([...new Set(aDuring.map((h) => h.status))])}, slowest ${Math.round(Math.max(...aDuring.map((h) => h.ms)))} ms`,
        `drill: after Postgres started: A healthy ${rel(aBack, marks.dbStarted)}, B healthy ${rel(firstOk("B", marks.dbStarted), marks.dbStarted)}, first save ${rel(firstSaveAfter, marks.dbStarted)}, worker started during the outage running ${rel(marks.w3Started, marks.dbStarted)}, first webhook ${rel(firstHookAfter, marks.dbStarted)}`,
        `drill: instance B SIGKILLed -> restarted and ready ${rel(marks.bBack, marks.bKilled)}`,
        `drill: every committed connection at the receiver ${rel(deliveredAll, loadDone)} after the load; queue drained ${rel(drained, loadDone)} (left: ${JSON.stringify(leftOver)}); ${twice} events received twice (each a recorded retry)`,
        `drill: SIGTERM -> exits ${exits.map((e) => `${e.code}@${Math.round(e.at - stopAt)}ms`).join(", ")}; the save in flight: ${finished.kind}`,
        `drill: total ${since(drillStart)}`,
      ].join("\n"),
    );

    // ---- assertions ----
    // No process exited on its own: every exit was one we caused.
    for (const p of procs) if (p.exit) expect(p.killedBy, `${p.name} exited on its own (${JSON.stringify(p.exit)}): ${p.lines.slice(-10).join("\n")}`).not.toBeNull();
    expect(saved).toBeGreaterThanOrEqual(TARGET_SAVES);
    expect(deliveredAll, "every committed connection reached the receiver").toBeDefined();
    expect(leftOver, "no job left active, no delivery left pending").toEqual([]);
    // Every committed connection: at least one validly signed connection.created at the receiver;
    // more than once only as recorded retries; nothing arrives that was not committed.
    // Read again now: the save in flight at SIGTERM committed after `events` was read, and the worker
    // may have delivered its connection.created before it stopped.
    const committedIds = new Set((await committed()).map((e) => e.id));
    for (const e of events) {
      expect(receiver.received.some((r) => r.id === e.id && r.valid), `signed webhook for ${e.connection_id}`).toBe(true);
      expect(hits.get(e.id) ?? 0, `receiver hits for ${e.id} within its recorded attempts`).toBeLessThanOrEqual(attemptsByEvent.get(e.id) ?? 0);
    }
    for (const id of hits.keys()) expect(committedIds.has(id), `received ${id} was committed`).toBe(true);
    expect(receiver.received.every((r) => r.valid)).toBe(true);
    // The outage: the surviving instance answered 503 naming the database, never hung, and came back without a restart.
    expect(aDuring.length).toBeGreaterThan(10);
    expect(aDuring.every((h) => h.status === 503 && h.failing.includes("database"))).toBe(true);
    expect(Math.max(...aDuring.map((h) => h.ms))).toBeLessThan(5000);
    expect(aBack).toBeDefined();
    expect(procs.filter((p) => p.name === "A")).toHaveLength(1);
    // The API answered 503 database_unavailable with Retry-After while the database was away; never 500.
    expect(apiUnavailable.length).toBeGreaterThan(0);
    expect(apiUnavailable.every((a) => a.outcome.retryAfter === "5")).toBe(true);
    expect(refused.filter((a) => a.outcome.status === 500 || a.outcome.code === "internal_error" || a.outcome.code === "HTTP 500")).toEqual([]);
    // The wizard's action during the outage answers database_unavailable too (the proxy's token check once answered it 500).
    expect(actionDuringOutage).toEqual({ kind: "refused", step: "action", code: "database_unavailable", status: 200 });
    // The worker started during the outage waited for the database and then worked.
    expect(marks.w3Waiting).toBeLessThan(marks.dbStarting);
    expect(marks.w3Started).toBeGreaterThan(marks.dbStarting);
    // Graceful shutdown: the save in flight finished, and every process exited 0 within the bound.
    expect(finished.kind).toBe("saved");
    if (finished.kind === "saved") {
      const row = await pool.query("select 1 from events where connection_id = $1 and type = 'connection.created'", [finished.connectionId]);
      expect(row.rowCount, "the save finished during shutdown is committed with its event").toBe(1);
    }
    for (const e of exits) {
      expect(e.code).toBe(0);
      expect(e.at - stopAt).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000);
    }
    await pool.end();
  });
});
