// Telling "the database is away" apart from every other failure, and waiting for it to come back.
// A request that fails because Postgres is stopped, restarting or unreachable is answered 503 with
// a Retry-After (lib/api/handler.ts, the wizard's actions, /api/health), not 500; a process started
// while it is away waits for it (lib/boot.ts) instead of exiting.
import type pg from "pg";
import type { Logger } from "pino";

/** What a client is told to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors when the server is not there (or went away).
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// SQLSTATE: class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/;
// pg's own messages for a connection that broke or never opened.
const MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout|the database system is (starting up|shutting down|in recovery)|terminating connection due to administrator command|Client was closed and is not queryable/i;

/** True when `err` (or an error it wraps: drizzle puts the driver's error in `cause`) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    const errors = (e as { errors?: unknown }).errors;
    // AggregateError: Node tries every address of "localhost" (::1 and 127.0.0.1) and reports all.
    if (Array.isArray(errors) && errors.length && errors.every((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/**
 * Resolve once `select 1` answers. While it does not, log a line now and then and keep trying:
 * a worker or an instance started while Postgres is down waits for it. Errors other than
 * "unavailable" (a wrong password, a missing database) are thrown at once: waiting cannot fix them.
 * `timeoutMs` 0: wait for ever.
 */
export async function waitForDatabase(pool: pg.Pool, options: { log: Logger; timeoutMs?: number; intervalMs?: number; logEveryMs?: number }): Promise<void> {
  const { log, timeoutMs = 0, intervalMs = 1000, logEveryMs = 10_000 } = options;
  const started = Date.now();
  let lastLog = 0;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await pool.query("select 1");
      if (attempts > 1) log.info({ waitedMs: Date.now() - started, attempts }, "database is answering again; continuing");
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      const waited = Date.now() - started;
      if (timeoutMs > 0 && waited >= timeoutMs) throw new Error(`The database did not answer within ${Math.round(timeoutMs / 1000)} s (DATABASE_WAIT_SECONDS).`);
      if (attempts === 1 || Date.now() - lastLog >= logEveryMs) {
        lastLog = Date.now();
        log.warn({ waitedMs: waited, code: (err as { code?: string }).code }, "waiting for the database to answer");
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
