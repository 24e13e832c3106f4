// Reference sync worker: consumes `connection.ready` from Latchkey's pg-boss queue (same Postgres,
// schema "pgboss") and, optionally, receives signed webhooks. For each new or reconnected
// connection it reads the first page of employees through the passthrough and reports `healthy`.
//
//   DATABASE_URL=postgres://…  LATCHKEY_URL=http://localhost:3000  LATCHKEY_API_KEY=lk_…  \
//   [WEBHOOK_PORT=4000 WEBHOOK_SECRET=whsec_…]  npx tsx examples/sync-worker/worker.ts
//
// The API key needs `credentials:read` (passthrough) and `connections:write` (status).
import http from "node:http";
import PgBoss from "pg-boss";
import { Webhook } from "standardwebhooks";
import { httpApi, syncConnection } from "./sync";

type ReadyJob = { eventId: string; connectionId: string; provider: string | null; workspaceId: string; grantedScopes: string[] };

async function main() {
  const api = httpApi(process.env.LATCHKEY_URL ?? "http://localhost:3000", required("LATCHKEY_API_KEY"));
  const boss = new PgBoss({ connectionString: required("DATABASE_URL"), schema: "pgboss", supervise: false, schedule: false });
  boss.on("error", (err) => console.error("queue error:", err.message));
  await boss.start();
  // Idempotent per connection: a job retried after a crash syncs the same connection again.
  await boss.work<ReadyJob>("connection.ready", { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const result = await syncConnection(api, { connectionId: job.data.connectionId, provider: job.data.provider });
      console.log(`connection ${job.data.connectionId} (${job.data.provider}): ${result.status}${result.employees !== undefined ? `, ${result.employees} employees` : ""}`);
    }
  });
  console.log("listening on queue connection.ready");

  const secret = process.env.WEBHOOK_SECRET;
  if (secret) {
    const wh = new Webhook(secret);
    const seen = new Set<string>();
    const port = Number(process.env.WEBHOOK_PORT ?? 4000);
    http
      .createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          let event: { id: string; type: string; connection_id: string | null; data: { provider?: string } };
          try {
            event = wh.verify(body, req.headers as Record<string, string>) as typeof event;
          } catch {
            res.writeHead(400).end("bad signature");
            return;
          }
          res.writeHead(204).end();
          // webhook-id is stable across retries: handle each event once.
          if (seen.has(event.id)) return;
          seen.add(event.id);
          console.log(`webhook ${event.type} ${event.connection_id ?? ""}`);
        });
      })
      .listen(port, () => console.log(`webhook receiver on :${port}`));
  }
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
