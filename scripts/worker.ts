// `npm run worker`: the queue workers as a separate process, against the same database.
import { boot } from "@/lib/boot";
import { ConfigError } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { getBoss, stopBoss } from "@/lib/queue";

async function main() {
  const booted = await boot("worker");
  const boss = await getBoss();
  await startWorkers(boss);
  booted.log.info("worker started");
  const stop = async () => {
    await stopBoss().catch(() => {});
    await booted.shutdown().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write((err instanceof ConfigError ? err.message : `Worker could not start: ${err instanceof Error ? err.message : String(err)}`) + "\n");
  process.exit(1);
});
