// Structured logging. Redaction is by key name, at any depth: pino's own `redact` only takes fixed
// paths, and a secret can sit anywhere in a logged object, so we add a key-pattern pass on top.
import pino, { type Logger } from "pino";
import pinoPretty from "pino-pretty";
import { getEnv } from "@/lib/env";

export const SECRET_KEY_PATTERN = /(secret|password|passwd|token|api[-_]?key|apikey|authorization|cookie|credential|private[-_]?key|access[-_]?key|master[-_]?key|^key$|keys$)/i;
export const REDACTED = "[redacted]";

/** Fixed paths pino redacts on its fast path; the pattern pass below catches the rest. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.apiKey",
  "*.accessKey",
  "*.secretAccessKey",
  "*.clientSecret",
];

/** Fields of database errors that hold the statement, its parameters or the row's values. */
const QUERY_FIELDS = new Set(["query", "params", "parameters", "values", "bindings", "sql", "detail", "hint", "where", "internalQuery", "position", "internalPosition"]);
/** What a Postgres error may keep: which failure, where in the schema; never a value. */
const DB_FIELDS = new Set(["code", "severity", "routine", "table", "column", "constraint", "schema", "dataType", "file", "line"]);

/** drizzle's DrizzleQueryError (message "Failed query: …\nparams: …") or a pg / PGlite DatabaseError. */
function isDatabaseError(e: Error): boolean {
  if (e.constructor?.name === "DrizzleQueryError" || "params" in e) return true;
  const r = e as { severity?: unknown; code?: unknown };
  return typeof r.severity === "string" && typeof r.code === "string" && /^[0-9A-Z]{5}$/.test(r.code);
}

/**
 * An error's message fit for a log line. Database errors quote values (`invalid input syntax for
 * type uuid: "…"`, `Key (hash)=(…)`); drizzle's repeats the statement's parameters. Those become
 * "[redacted]"; identifiers in messages such as `relation "x" does not exist` stay.
 */
export function safeErrorMessage(e: Error): string {
  if (!isDatabaseError(e)) return e.message;
  if (e.constructor?.name === "DrizzleQueryError" || "params" in e) return "Failed query (statement and parameters not logged)";
  return e.message.replace(/: ".*"$/s, `: "${REDACTED}"`).replace(/\(([^()]*)\)=\((.*)\)/g, `($1)=(${REDACTED})`);
}

/**
 * Errors, at any key: type, a safe message, the stack's frames (its first line repeats the unsafe
 * message), the cause chain, and own fields minus query text, parameters and values.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return value;
  const db = isDatabaseError(value);
  const type = value.constructor?.name && value.constructor.name !== "Error" ? value.constructor.name : value.name;
  const message = safeErrorMessage(value);
  const frames = (value.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const out: Record<string, unknown> = { type, message, stack: [`${type}: ${message}`, ...frames].join("\n") };
  for (const [k, v] of Object.entries(value)) {
    if (k === "cause" || k === "message" || k === "stack" || QUERY_FIELDS.has(k)) continue;
    if (db && !DB_FIELDS.has(k)) continue;
    out[k] = SECRET_KEY_PATTERN.test(k) ? REDACTED : depth < 4 ? redactDeep(v, depth + 1) : "[…]";
  }
  if (value.cause !== undefined && depth < 4) out.cause = serializeError(value.cause, depth + 1);
  if (value instanceof AggregateError && depth < 4) out.errors = value.errors.slice(0, 10).map((e) => serializeError(e, depth + 1));
  return out;
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return serializeError(value, depth);
  // Values that serialise themselves (a vault Secret prints "[redacted]", a Date its ISO string) stay whole.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY_PATTERN.test(k) && v !== undefined && v !== null && typeof v !== "boolean" ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

export function createLogger(options: { level?: string; pretty?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const opts: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: { app: "latchkey" },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
    serializers: { err: serializeError },
    // `log.error(err)` would make the error's own message the line's message: use the safe one.
    hooks: {
      logMethod(args, method) {
        const [first, second] = args as unknown[];
        if (first instanceof Error && typeof second !== "string") return method.apply(this, [{ err: first }, safeErrorMessage(first)] as never);
        return method.apply(this, args);
      },
    },
  };
  if (options.destination) return pino(opts, options.destination);
  if (options.pretty) {
    // pino-pretty as a stream in this thread: transports spawn worker threads that bundlers break.
    return pino(opts, pinoPretty({ colorize: true, singleLine: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,app" }));
  }
  return pino(opts);
}

let root: Logger | undefined;

export function getLogger(): Logger {
  if (!root) {
    const env = getEnv();
    const pretty = env.LOG_FORMAT ? env.LOG_FORMAT === "pretty" : !env.production && env.NODE_ENV !== "test";
    root = createLogger({ level: env.LOG_LEVEL, pretty });
  }
  return root;
}

/** Lazy so that importing a module never reads the configuration. */
export const log: Logger = new Proxy({} as Logger, {
  get: (_t, prop) => {
    const l = getLogger();
    const v = (l as unknown as Record<PropertyKey, unknown>)[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(l) : v;
  },
});
