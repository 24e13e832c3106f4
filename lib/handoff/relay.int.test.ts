import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { connections, webhookEndpoints, workspaces } from "@/lib/db/schema";
import { emitEvent } from "@/lib/handoff/outbox";
import { listEvents } from "@/lib/handoff/feed";
import { relayBatch, ensureHandoffQueues } from "@/lib/handoff/relay";
import { createBoss } from "@/lib/queue";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const kind = testDbKind();
const TOTAL = 500;
const root = path.resolve(import.meta.dirname, "../..");

function startChild(url: string, intents: string, from: number): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/handoff/test-support/crash-app.ts", intents, String(from), String(TOTAL)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code && code !== 0) process.stderr.write(`crash-app exited ${code}: ${stderr}\n`);
      resolve(code);
    }),
  );
  return { child, ready, exit };
}

describe(`outbox relay on ${kind}`, () => {
  let t: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values([
      { id: "ws_crash", slug: "crash", name: "Crash" },
      { id: "ws_two", slug: "two", name: "Two" },
    ]);
    await t.db.insert(webhookEndpoints).values([{ id: "whe_crash", workspaceId: "ws_crash", url: "https://hooks.example.com/x" }]);
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await ensureHandoffQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  async function jobCounts(queue: string, key: "eventId" | "connectionId"): Promise<Map<string, number>> {
    const { rows } = await t.pool.query<{ k: string; n: number }>(
      `select data->>'${key}' as k, count(*)::int as n from (
         select data from pgboss.job where name = $1 union all select data from pgboss.archive where name = $1) j group by 1`,
      [queue],
    );
    return new Map(rows.map((r) => [r.k, r.n]));
  }

  it("case 38: a rolled-back save publishes nothing; a committed one publishes once", async () => {
    await t.db
      .transaction(async (tx) => {
        await tx.insert(connections).values({ id: "conn_rb", workspaceId: "ws_two", endUserId: "u", provider: "hrworks" });
        await emitEvent(tx, { workspaceId: "ws_two", type: "connection.created", connectionId: "conn_rb", payload: {} });
        throw new Error("abort");
      })
      .catch(() => {});
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({
        id: "conn_ok",
        workspaceId: "ws_two",
        endUserId: "u",
        provider: "hrworks",
        scopeResults: { employees: { status: "granted", required: true }, absences: { status: "missing", required: false } },
      });
      await emitEvent(tx, { workspaceId: "ws_two", type: "connection.created", connectionId: "conn_ok", payload: {} });
    });
    expect(await relayBatch(boss)).toBeGreaterThanOrEqual(1);
    expect(await relayBatch(boss)).toBe(0);
    const ready = await jobCounts("connection.ready", "connectionId");
    expect(ready.get("conn_ok")).toBe(1);
    expect(ready.has("conn_rb")).toBe(false);
    const { rows } = await t.pool.query("select data from pgboss.job where name = 'connection.ready' and data->>'connectionId' = 'conn_ok'");
    expect(rows[0].data).toMatchObject({ provider: "hrworks", grantedScopes: ["employees"], workspaceId: "ws_two", type: "connection.created" });
    expect(JSON.stringify(rows[0].data)).not.toMatch(/secret/i);
  });

  it("case 40: two relays in parallel never publish an event twice", async () => {
    for (let i = 0; i < 300; i++) await emitEvent(t.db, { workspaceId: "ws_crash", type: "connection.check_failed", connectionId: `conn_p${i}`, payload: {} });
    const boss2 = createBoss(t.url, { supervise: false, schedule: false });
    await boss2.start();
    try {
      const run = async (b: PgBoss) => {
        for (let idle = 0; idle < 3; ) {
          const n = await relayBatch(b, { batchSize: 25 });
          if (n === 0) idle++;
          else if (n < 0) await new Promise((r) => setTimeout(r, 2));
        }
      };
      await Promise.all([run(boss), run(boss2), run(boss), run(boss2)]);
    } finally {
      await boss2.stop({ graceful: false, wait: true });
    }
    const { rows } = await t.pool.query<{ k: string; n: number }>(
      `select data->>'eventId' as k, count(*)::int as n from pgboss.job where name = 'webhook.deliver' group by 1 having count(*) > 1`,
    );
    expect(rows).toEqual([]);
    const total = await t.pool.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = 'webhook.deliver'");
    expect(total.rows[0]!.n).toBe(300);
    // relay_seq is dense and unique: the feed can page on it.
    const seqs = await t.pool.query<{ n: number; mx: string; distinct: number }>(
      "select count(*)::int as n, max(relay_seq) as mx, count(distinct relay_seq)::int as distinct from events",
    );
    expect(Number(seqs.rows[0]!.mx)).toBe(seqs.rows[0]!.n);
    expect(seqs.rows[0]!.distinct).toBe(seqs.rows[0]!.n);
  });

  // Needs two concurrent transactions: the embedded database has one session.
  it.skipIf(kind === "pglite")("the feed never skips an event that committed late with a lower seq", async () => {
    while ((await relayBatch(boss)) > 0);
    const start = await listEvents(t.db, "ws_two", { limit: 500 });
    const cursor = start.next_cursor ?? undefined;
    const slow = await t.pool.connect();
    try {
      await slow.query("begin");
      await slow.query("insert into events (id, workspace_id, type, payload) values ('evt_late', 'ws_two', 'connection.deleted', '{}')");
      // A later transaction takes a higher seq and commits first.
      await emitEvent(t.db, { workspaceId: "ws_two", type: "connection.deleted", payload: {} });
      while ((await relayBatch(boss)) > 0);
      const page1 = await listEvents(t.db, "ws_two", { limit: 10, after: cursor });
      expect(page1.data).toHaveLength(1);
      expect(page1.data[0]!.id).not.toBe("evt_late");
      await slow.query("commit");
      while ((await relayBatch(boss)) > 0);
      const page2 = await listEvents(t.db, "ws_two", { limit: 10, after: page1.next_cursor! });
      expect(page2.data.map((e) => e.id)).toEqual(["evt_late"]);
      const seqs = await t.pool.query<{ id: string; seq: string }>("select id, seq from events where workspace_id = 'ws_two' order by seq desc limit 2");
      // The late event does hold the lower seq: a seq cursor would have skipped it.
      expect(seqs.rows[1]!.id).toBe("evt_late");
    } finally {
      slow.release();
    }
  });

  it(`case 38: exactly once while the app process is SIGKILLed at random moments (${TOTAL} saves)`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-crash-"));
    const intents = path.join(dir, "intents");
    fs.writeFileSync(intents, "");
    let kills = 0;
    let otherCrashes = 0;
    let from = 0;
    let done = false;
    const nextFrom = () => {
      const lines = fs.readFileSync(intents, "utf8").trim().split("\n").filter(Boolean).map(Number);
      return lines.length ? Math.max(...lines) + 1 : from;
    };
    for (let round = 0; round < 40 && !done; round++) {
      const { child, ready, exit } = startChild(t.url, intents, from);
      const started = await Promise.race([ready.then(() => true), exit.then(() => false)]);
      const outcome = started
        ? kills < 8
          ? await Promise.race([exit.then((c) => c), new Promise<"kill">((r) => setTimeout(() => r("kill"), 60 + Math.random() * 340))])
          : await Promise.race([exit.then((c) => c), new Promise<"stalled">((r) => setTimeout(() => r("stalled"), 60_000))])
        : await exit;
      if (outcome === "kill" || outcome === "stalled") {
        child.kill("SIGKILL");
        await exit;
        if (outcome === "kill") kills++;
        else otherCrashes++;
      } else if (outcome === 0) {
        done = true;
      } else {
        // The process died on its own (e.g. its database connection was cut when the previous
        // one was killed): for this test that is one more crash; start it again.
        otherCrashes++;
      }
      from = nextFrom();
    }
    expect(done).toBe(true);
    expect(kills).toBeGreaterThan(0);
    console.info(`crash test: ${kills} kills, ${otherCrashes} other crashes`);

    const attempted = new Set(fs.readFileSync(intents, "utf8").trim().split("\n").filter(Boolean).map((i) => `conn_x_${i.padStart(4, "0")}`));
    const committed = (await t.pool.query<{ id: string; event_id: string }>(
      "select c.id, e.id as event_id from connections c join events e on e.connection_id = c.id where c.id like 'conn_x_%'",
    )).rows;
    const committedIds = new Set(committed.map((r) => r.id));
    expect(committed.length).toBeGreaterThan(TOTAL * 0.7);
    const ready = await jobCounts("connection.ready", "eventId");
    const webhooks = await jobCounts("webhook.deliver", "eventId");
    for (const row of committed) {
      expect(ready.get(row.event_id), `connection.ready for ${row.id}`).toBe(1);
      expect(webhooks.get(row.event_id), `webhook delivery for ${row.id}`).toBe(1);
    }
    const readyByConn = await jobCounts("connection.ready", "connectionId");
    let uncommitted = 0;
    for (const id of attempted) {
      if (committedIds.has(id)) continue;
      uncommitted++;
      expect(readyByConn.has(id), `no job for uncommitted ${id}`).toBe(false);
    }
    // Every tenth save rolls back on purpose, plus those a kill interrupted.
    expect(uncommitted).toBeGreaterThanOrEqual(Math.floor(TOTAL / 10) - 1);
    for (const id of committedIds) expect(Number(id.slice(7)) % 10).not.toBe(7);
    const left = await t.pool.query<{ n: number }>("select count(*)::int as n from events where relayed_at is null");
    expect(left.rows[0]!.n).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
