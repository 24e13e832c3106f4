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

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return value;
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
    serializers: { err: pino.stdSerializers.err },
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
