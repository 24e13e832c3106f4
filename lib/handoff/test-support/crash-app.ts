// A stand-in for the app process in the exactly-once test: saves connections (connection row +
// outbox event in one transaction, as the wizard does), some of which roll back on purpose, while
// the outbox relay runs. The test SIGKILLs it at random moments and starts it again.
//   argv: <intents file> <from> <to>
import fs from "node:fs";
import { drizzle } from "drizzle-orm/node-postgres";
import { createPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import * as schema from "@/lib/db/schema";
import { emitEvent } from "@/lib/handoff/outbox";
import { startRelayLoop } from "@/lib/handoff/relay";
import { createBoss } from "@/lib/queue";

const [intentsFile, fromArg, toArg] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const url = getEnv().DATABASE_URL!;

const rolledBack = (i: number) => i % 10 === 7;

async function main() {
  const pool = createPool(url, 4);
  const db = drizzle(pool, { schema });
  const boss = createBoss(url, { supervise: false, schedule: false, max: 3 });
  await boss.start();
  const relay = startRelayLoop(boss, { intervalMs: 20, batchSize: 50, pool });
  process.stdout.write("ready\n");
  for (let i = from; i < to; i++) {
    const id = `conn_x_${String(i).padStart(4, "0")}`;
    fs.appendFileSync(intentsFile!, `${i}\n`);
    await db
      .transaction(async (tx) => {
        await tx.insert(schema.connections).values({
          id,
          workspaceId: "ws_crash",
          endUserId: `user_${i}`,
          provider: "personio",
          scopeResults: { employees: { status: "granted", required: true } },
        });
        await emitEvent(tx, { workspaceId: "ws_crash", type: "connection.created", connectionId: id, payload: { provider: "personio" } });
        if (rolledBack(i)) throw new Error("rolled back on purpose");
      })
      .catch((err: unknown) => {
        if (!(err instanceof Error) || err.message !== "rolled back on purpose") throw err;
      });
  }
  // Drain: wait until nothing is left to relay, then exit cleanly.
  for (;;) {
    const left = await pool.query("select count(*)::int as n from events where relayed_at is null");
    if (left.rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await relay.stop();
  await boss.stop({ graceful: false, wait: true });
  await pool.end();
  process.stdout.write("done\n");
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + "\n");
  process.exit(1);
});
