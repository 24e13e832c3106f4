// `npm run worker`: the queue workers as a separate process, against the same database. Started
// while Postgres is away it waits for it (lib/boot.ts); it rides out an outage (every connection's
// errors are handled; the relay and the workers retry); on SIGTERM it stops fetching, lets running
// jobs finish within SHUTDOWN_TIMEOUT_SECONDS and exits (lib/shutdown.ts).
import { boot } from "@/lib/boot";
import { ConfigError } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { startMetricsServer } from "@/lib/metrics/server";
import { getBoss, stopBoss } from "@/lib/queue";
import { onShutdownSignals, remaining } from "@/lib/shutdown";

async function main() {
  const booted = await boot("worker");
  const { env, log } = booted;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> = null;
  onShutdownSignals({
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    steps: [
      { name: "queue", run: (deadline) => stopBoss(remaining(deadline)) },
      { name: "metrics", run: async () => metricsServer?.close() },
      { name: "database", run: () => booted.shutdown() },
    ],
  });
  const boss = await getBoss();
  await startWorkers(boss);
  metricsServer = await startMetricsServer(env, "worker");
  log.info({ metricsPort: metricsServer?.port }, "worker started");
}

main().catch((err: unknown) => {
  process.stderr.write((err instanceof ConfigError ? err.message : `Worker could not start: ${err instanceof Error ? err.message : String(err)}`) + "\n");
  process.exit(1);
});
