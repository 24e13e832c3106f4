// The outbox relay: moves committed outbox rows into pg-boss jobs, exactly once.
//
// One relay transaction (1) takes a transaction-level advisory lock, so only one relay runs at a
// time across every process, (2) locks a batch of unrelayed rows (FOR UPDATE SKIP LOCKED, so a
// relay never waits on rows another transaction holds), (3) inserts the jobs through pg-boss with
// the transaction's own client (pg-boss's `db` option), and (4) marks the rows relayed and gives
// them a commit-ordered `relay_seq`. Either all of it commits or none of it does: a process killed
// at any moment leaves the rows unrelayed and the next relay publishes them; job ids derived from
// the event id make a second insert of the same job a no-op besides.
import type PgBoss from "pg-boss";
import type pg from "pg";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { QUEUE_SCHEMA } from "@/lib/queue";
import { onRelayWake } from "@/lib/handoff/wake";
import { deterministicJobId } from "@/lib/jobs/ids";
import { registerQueues } from "@/lib/jobs/register";
import type { JobDefinition } from "@/lib/jobs/types";
import { wakeWebhookWorker, webhookQueue, webhookRetryPolicy } from "@/lib/handoff/webhooks/queue";
import {
  CONNECTION_READY_QUEUE,
  WEBHOOK_DELIVERY_QUEUE,
  connectionReadyQueue,
  readyEventTypes,
  type ConnectionReadyJob,
  type WebhookDeliveryJob,
} from "@/lib/handoff/queues";

/** An arbitrary constant: the advisory lock that serialises relay transactions. */
const RELAY_LOCK_KEY = 7_301_355_113;
/** Outbox rows relayed per transaction. */
const RELAY_BATCH_SIZE = 500;

export type RelayOptions = {
  batchSize?: number;
  /** Webhook retry policy (webhookRetryPolicy in webhooks/deliver.ts); tests shorten it. */
  retryDelaySeconds?: number;
  retryLimit?: number;
  timeoutMs?: number;
  /** `connection.ready` per workspace (`connection.ready.<workspace id>`); default HANDOFF_QUEUE_PER_WORKSPACE. */
  queuePerWorkspace?: boolean;
};

type OutboxRow = {
  seq: string;
  id: string;
  workspace_id: string;
  type: string;
  connection_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  /** Seconds from the event's commit to this relay, on the database's clock. */
  waited: number;
  provider: string | null;
  end_user_id: string | null;
  scope_results: Record<string, { status?: string }> | null;
};

type EndpointRow = { id: string; workspace_id: string; event_types: string[] };

export function endpointWants(endpoint: { id: string; event_types: string[] }, event: { type: string; payload: Record<string, unknown> }): boolean {
  // A test event goes to the endpoint it was sent for only; an endpoint's own "disabled" notice
  // goes to the workspace's other endpoints, never to the one that stopped answering.
  if (event.type === "webhook_endpoint.test") return event.payload.endpointId === endpoint.id;
  if (event.type === "webhook_endpoint.disabled" && event.payload.endpointId === endpoint.id) return false;
  return endpoint.event_types.length === 0 || endpoint.event_types.includes(event.type);
}

/** The hand-off's queues, for tests and benchmarks that run the relay without lib/jobs' startWorkers. */
export async function ensureHandoffQueues(boss: PgBoss): Promise<void> {
  await registerQueues(boss, [outboxRelayJob, webhookQueue]);
}

/**
 * Relay one batch. Returns the number of events relayed, or -1 when another relay holds the lock.
 * Uses a client of `pool` for one short transaction; never the global `db` inside it.
 */
export async function relayBatch(boss: PgBoss, options: RelayOptions = {}, pool: pg.Pool = getPool()): Promise<number> {
  const result = await relayOnce(boss, options, pool);
  if (typeof result === "number") return result;
  // Per-workspace queues that did not exist yet: create them (DDL, outside the relay's
  // transaction, with the client back in the pool), then relay the batch again.
  await registerQueues(boss, result.map((queue) => ({ queue, options: outboxRelayJob.options })));
  getLogger().child({ part: "relay" }).info({ queues: result.length }, "created per-workspace connection.ready queues");
  return relayBatch(boss, options, pool);
}

/** One relay transaction; the per-workspace queues it lacks instead when some do not exist yet. */
async function relayOnce(boss: PgBoss, options: RelayOptions, pool: pg.Pool): Promise<number | string[]> {
  const batchSize = options.batchSize ?? RELAY_BATCH_SIZE;
  const retryPolicy = webhookRetryPolicy(options);
  const perWorkspace = options.queuePerWorkspace ?? getEnv().HANDOFF_QUEUE_PER_WORKSPACE ?? false;
  const client = await pool.connect();
  let released = false;
  try {
    await client.query("begin");
    const lock = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock($1) as ok", [RELAY_LOCK_KEY]);
    if (!lock.rows[0]?.ok) {
      await client.query("rollback");
      return -1;
    }
    const { rows } = await client.query<OutboxRow>(
      `select e.seq, e.id, e.workspace_id, e.type, e.connection_id, e.payload, e.created_at,
              extract(epoch from clock_timestamp() - e.created_at)::float8 as waited, c.provider, c.end_user_id, c.scope_results
         from events e left join connections c on c.id = e.connection_id
        where e.relayed_at is null
        order by e.seq
        limit $1
        for update of e skip locked`,
      [batchSize],
    );
    if (rows.length === 0) {
      await client.query("commit");
      return 0;
    }
    const workspaceIds = [...new Set(rows.map((r) => r.workspace_id))];
    const endpoints = await client.query<EndpointRow>(
      "select id, workspace_id, event_types from webhook_endpoints where enabled and workspace_id = any($1::text[])",
      [workspaceIds],
    );
    const byWorkspace = new Map<string, EndpointRow[]>();
    for (const e of endpoints.rows) byWorkspace.set(e.workspace_id, [...(byWorkspace.get(e.workspace_id) ?? []), e]);

    const jobs: PgBoss.JobInsert[] = [];
    for (const row of rows) {
      if (readyEventTypes.has(row.type) && row.connection_id) {
        const granted = Object.entries(row.scope_results ?? {})
          .filter(([, r]) => r?.status === "granted")
          .map(([scope]) => scope)
          .sort();
        const data: ConnectionReadyJob = {
          eventId: row.id,
          type: row.type as ConnectionReadyJob["type"],
          workspaceId: row.workspace_id,
          connectionId: row.connection_id,
          provider: row.provider ?? (typeof row.payload.provider === "string" ? row.payload.provider : null),
          endUserId: row.end_user_id ?? (typeof row.payload.endUserId === "string" ? row.payload.endUserId : null),
          grantedScopes: granted,
          occurredAt: new Date(row.created_at).toISOString(),
        };
        const queue = connectionReadyQueue(perWorkspace ? row.workspace_id : null);
        jobs.push({ id: deterministicJobId(queue, row.id), name: queue, data, singletonKey: row.id });
      }
      for (const endpoint of byWorkspace.get(row.workspace_id) ?? []) {
        if (!endpointWants(endpoint, row)) continue;
        const data: WebhookDeliveryJob = { eventId: row.id, endpointId: endpoint.id, workspaceId: row.workspace_id };
        jobs.push({
          id: deterministicJobId(WEBHOOK_DELIVERY_QUEUE, row.id, endpoint.id),
          name: WEBHOOK_DELIVERY_QUEUE,
          data,
          ...retryPolicy,
        });
      }
    }
    if (perWorkspace) {
      // pg-boss drops a job whose queue does not exist, so a workspace's queue must exist before
      // its first job: those missing are created outside this transaction (creating one is DDL)
      // and the batch starts again. KEY SHARE keeps the queues found from being deleted meanwhile.
      const wanted = [...new Set(jobs.map((j) => j.name).filter((n) => n !== WEBHOOK_DELIVERY_QUEUE))];
      const found = await client.query<{ name: string }>(
        `select name from ${QUEUE_SCHEMA}.queue where name = any($1::text[]) for key share`,
        [wanted],
      );
      const have = new Set(found.rows.map((r) => r.name));
      const missing = wanted.filter((n) => !have.has(n));
      if (missing.length) {
        await client.query("rollback");
        return missing;
      }
    }
    const tx = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    if (jobs.length) await boss.insert(jobs, { db: tx });
    const seqs = rows.map((r) => r.seq);
    await client.query(
      `with base as (select coalesce(max(relay_seq), 0) as m from events),
            numbered as (select s.seq, row_number() over (order by s.seq) as n from unnest($1::bigint[]) as s(seq))
       update events set relayed_at = now(), relay_seq = base.m + numbered.n
         from base, numbered
        where events.seq = numbered.seq`,
      [seqs],
    );
    await client.query("commit");
    const m = metrics();
    for (const row of rows) m.relayed.observe(Math.max(0, Number(row.waited)));
    return rows.length;
  } catch (err) {
    try {
      await client.query("rollback");
    } catch {
      // The connection is gone; release it as broken below.
      client.release(true);
      released = true;
    }
    throw err;
  } finally {
    if (!released) client.release();
  }
}

export type RelayLoop = { stop: () => Promise<void>; wake: () => void };

/** Under a stream of wakes (one per commit), passes are at least this far apart, so that each relays a batch. */
const MIN_PASS_GAP_MS = 20;

/**
 * Poll the outbox every `intervalMs` (and soon after this process emits an event), relaying until
 * it is empty. A pass that relayed a full batch is followed at once by the next; one that emptied
 * the outbox waits for the next tick or wake (issue #15: relaying again at once after every
 * non-empty pass ran one transaction per few saves under load, a third of the hand-off's cost).
 * A failed batch is logged and retried with a backoff.
 */
export function startRelayLoop(
  boss: PgBoss,
  options: RelayOptions & { intervalMs?: number; pool?: pg.Pool; onRelayed?: (n: number) => void } = {},
): RelayLoop {
  const intervalMs = options.intervalMs ?? getEnv().HANDOFF_RELAY_INTERVAL_MS;
  const batchSize = options.batchSize ?? RELAY_BATCH_SIZE;
  const log = getLogger().child({ part: "relay" });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // While asleep: ends the sleep; `shortened` once a wake has brought its end forward.
  let sleep: { resolve: () => void; shortened: boolean } | undefined;
  // A wake that came while a pass was running: the next pass follows after MIN_PASS_GAP_MS.
  let woken = false;
  const wake = () => {
    // A short delay lets the emitting transaction commit first.
    setTimeout(() => {
      woken = true;
      if (!sleep || sleep.shortened || failures) return;
      sleep.shortened = true;
      clearTimeout(timer);
      timer = setTimeout(sleep.resolve, MIN_PASS_GAP_MS);
    }, 5);
  };
  const unsubscribe = onRelayWake(wake);
  let failures = 0;
  const done = (async () => {
    while (!stopped) {
      woken = false;
      try {
        const n = await relayBatch(boss, { ...options, batchSize }, options.pool);
        failures = 0;
        if (n > 0) options.onRelayed?.(n);
        if (n >= batchSize) continue;
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 50 === 0) log.error({ err, failures }, "outbox relay failed; retrying");
      }
      if (stopped) break;
      const ms = failures ? Math.min(intervalMs * 2 ** failures, 10_000) : woken ? Math.min(MIN_PASS_GAP_MS, intervalMs) : intervalMs;
      await new Promise<void>((resolve) => {
        sleep = { resolve, shortened: woken };
        timer = setTimeout(resolve, ms);
      });
      sleep = undefined;
    }
  })();
  return {
    wake,
    stop: async () => {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      sleep?.resolve();
      await done;
    },
  };
}

/**
 * The outbox relay loop; its queue is `connection.ready`, which the vendor's sync backend consumes
 * (Latchkey runs no worker for it). Listed in lib/jobs after the webhook worker, which it wakes.
 */
export const outboxRelayJob: JobDefinition = {
  queue: CONNECTION_READY_QUEUE,
  start: async (boss) => {
    const relay = startRelayLoop(boss, { onRelayed: () => wakeWebhookWorker(boss) });
    boss.once("stopped", () => void relay.stop());
  },
};
