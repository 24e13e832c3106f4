// Reference sync worker: consumes `connection.ready` from Latchkey's pg-boss queue (same Postgres,
// schema "pgboss") and, optionally, receives signed webhooks. For each new or reconnected
// connection it reads the first page of employees through the passthrough and reports `healthy`.
//
//   DATABASE_URL=postgres://…  LATCHKEY_URL=http://localhost:3000  LATCHKEY_API_KEY=lk_…  \
//   [WEBHOOK_PORT=4000 WEBHOOK_SECRET=whsec_…]  [LATCHKEY_WORKSPACE_ID=ws_…]  npx tsx examples/sync-worker/worker.ts
//
// LATCHKEY_WORKSPACE_ID: on an install with per-workspace queues (HANDOFF_QUEUE_PER_WORKSPACE),
// your workspace's id; the worker then consumes `connection.ready.<id>`.
//
// The API key needs `credentials:read` (passthrough) and `connections:write` (status).
// It runs until SIGTERM or SIGINT, then lets a sync in progress finish and exits.
import http from "node:http";
import PgBoss from "pg-boss";
import { connectionReadyQueue, verifyWebhook, type ConnectionReadyJob } from "@latchkey/node";
import { httpApi, LatchkeyApiError, syncConnection } from "./sync";

const QUEUE = connectionReadyQueue(process.env.LATCHKEY_WORKSPACE_ID);
/** Latchkey's webhook bodies are small; anything far larger is not from it. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

async function main() {
  const api = httpApi(process.env.LATCHKEY_URL ?? "http://localhost:3000", required("LATCHKEY_API_KEY"));
  const boss = new PgBoss({ connectionString: required("DATABASE_URL"), schema: "pgboss", supervise: false, schedule: false });
  boss.on("error", (err) => console.error("queue error:", err.message));
  await boss.start();
  // Idempotent per connection: a job retried after a crash syncs the same connection again.
  await boss.work<ConnectionReadyJob>(QUEUE, { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const { connectionId, provider } = job.data;
      try {
        const result = await syncConnection(api, { connectionId, provider });
        console.log(`connection ${connectionId} (${provider}): ${result.status}${result.employees !== undefined ? `, ${result.employees} employees` : ""}`);
      } catch (err) {
        // Deleted before we got to it (jobs outlive connections): nothing to sync, no retry.
        if (err instanceof LatchkeyApiError && err.status === 404) {
          console.log(`connection ${connectionId} (${provider}): gone (deleted), skipped`);
          continue;
        }
        // Fail this job alone (pg-boss retries it); the others in the batch complete normally.
        console.error(`connection ${connectionId} (${provider}): sync failed: ${err instanceof Error ? err.message : String(err)}`);
        await boss.fail(QUEUE, job.id, { message: err instanceof Error ? err.message : String(err) });
      }
    }
  });
  console.log(`listening on queue ${QUEUE}`);

  let server: http.Server | undefined;
  const secret = process.env.WEBHOOK_SECRET;
  if (secret) {
    // webhook-id is stable across retries. A real backend keeps the ids it has handled in its database.
    const seen = new Set<string>();
    const port = Number(process.env.WEBHOOK_PORT ?? 4000);
    server = http.createServer((req, res) => {
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_WEBHOOK_BYTES) req.destroy();
        else chunks.push(c);
      });
      req.on("end", () => {
        // Verify the exact bytes received (the signature covers id, timestamp and raw body).
        const body = Buffer.concat(chunks).toString("utf8");
        let event: ReturnType<typeof verifyWebhook>;
        try {
          event = verifyWebhook(secret, body, req.headers);
        } catch {
          console.error("webhook rejected: signature not valid");
          res.writeHead(400).end("bad signature");
          return;
        }
        res.writeHead(204).end();
        if (seen.has(event.id)) return;
        seen.add(event.id);
        console.log(`webhook ${event.type} ${event.connection_id ?? "-"} verified (${event.id})`);
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, resolve));
    console.log(`webhook receiver on :${port}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server?.close();
    server?.closeIdleConnections();
    // graceful: a sync in progress finishes (and its job completes) before the pool closes.
    await boss.stop({ graceful: true, wait: true });
    console.log("stopped");
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Set ${name}.`);
  return v;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
