// Graceful shutdown for the long-running commands (scripts/serve.ts, scripts/worker.ts). On SIGTERM
// or SIGINT the steps run once, in order, each given what is left of one bound
// (SHUTDOWN_TIMEOUT_SECONDS); past the bound and a few seconds' grace the process exits anyway, with
// code 1. A second signal exits at once. The process exits 0 when every step finished.
import type { Logger } from "pino";

export type ShutdownStep = { name: string; run: (deadline: number) => Promise<void> };

export type ShutdownOptions = {
  log: Logger;
  timeoutMs: number;
  steps: ShutdownStep[];
  /** Tests replace these; the commands use the process's own. */
  exit?: (code: number) => void;
  signals?: NodeJS.EventEmitter;
};

const GRACE_MS = 5000;

export function onShutdownSignals(options: ShutdownOptions): { shutdown: (signal: string) => Promise<void> } {
  const { log, timeoutMs, steps } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) {
      log.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    started = true;
    const t0 = Date.now();
    const deadline = t0 + timeoutMs;
    log.info({ signal, timeoutMs }, "shutting down: no new requests or jobs, finishing those running");
    const hard = setTimeout(() => {
      log.error({ ms: Date.now() - t0 }, "shutdown took too long: exiting");
      exit(1);
    }, timeoutMs + GRACE_MS);
    hard.unref();
    let failed = false;
    for (const step of steps) {
      try {
        await step.run(deadline);
      } catch (err) {
        failed = true;
        log.error({ err, step: step.name }, "shutdown step failed");
      }
    }
    clearTimeout(hard);
    log.info({ ms: Date.now() - t0 }, "shut down");
    exit(failed ? 1 : 0);
  };
  signals.on("SIGTERM", () => void shutdown("SIGTERM"));
  signals.on("SIGINT", () => void shutdown("SIGINT"));
  return { shutdown };
}

/** Milliseconds left until `deadline`, at least `floor`. */
export const remaining = (deadline: number, floor = 1000): number => Math.max(floor, deadline - Date.now());
