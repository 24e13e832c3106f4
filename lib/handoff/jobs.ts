// The hand-off's background work, registered in lib/jobs/index.ts: the outbox relay loop, the
// webhook delivery worker, and the scheduled health checks.
import type PgBoss from "pg-boss";
import { getDb } from "@/lib/db";
import { getLogger } from "@/lib/log";
import type { JobDefinition } from "@/lib/jobs";
import { startRelayLoop, type RelayLoop } from "@/lib/handoff/relay";
import { startWebhookWorker } from "@/lib/handoff/webhooks/deliver";
import { startHealthChecks } from "@/lib/handoff/health";
import { allowServerOnlyInThisProcess } from "@/lib/handoff/node-server-only";
import { CONNECTION_READY_QUEUE, WEBHOOK_DELIVERY_QUEUE } from "@/lib/handoff/queues";

async function startHandoff(boss: PgBoss): Promise<void> {
  allowServerOnlyInThisProcess();
  const workerId = await startWebhookWorker(boss, getDb());
  // Wake the local delivery worker as soon as the relay has committed new jobs (lower latency
  // than its poll); workers in other processes find them at their next poll.
  const relay: RelayLoop = startRelayLoop(boss, { onRelayed: () => boss.notifyWorker(workerId) });
  boss.once("stopped", () => void relay.stop());
  await startHealthChecks(boss).catch((err: unknown) => getLogger().error({ err }, "could not schedule health checks"));
}

export const handoffJobs: JobDefinition[] = [
  // Consumed by the vendor's sync backend, not by Latchkey.
  { queue: CONNECTION_READY_QUEUE },
  { queue: WEBHOOK_DELIVERY_QUEUE, start: startHandoff },
];
