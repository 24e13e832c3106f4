// The only reader of process.env. Every setting is declared and validated here, once.
import path from "node:path";
import cronParser from "cron-parser";
import { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "@/lib/client-address";

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .url(`must be an absolute URL (${what})`)
    .refine((u) => /^https?:\/\//.test(u), "must start with http:// or https://")
    .optional();

const port = (fallback: number) =>
  z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(fallback);

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** A real Postgres. Unset: the embedded PGlite database in LATCHKEY_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  /**
   * The owner role that runs migrations and owns the tables. DATABASE_URL is then the app's role,
   * which may only INSERT and SELECT on audit_log (lib/db/roles.ts). Unset: migrations run as
   * DATABASE_URL's role, which then owns the audit log and could switch it off (start-up warns).
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  /** Set by the launcher when it has started the embedded database; not for people to set. */
  LATCHKEY_EMBEDDED_DATABASE_URL: z.string().optional(),
  LATCHKEY_DATA_DIR: z.string().trim().min(1).default(".data"),
  LATCHKEY_EMBEDDED_DB_PORT: port(0),
  /** Demo mode: demo workspace, key and admin, sandbox providers. Default: on when embedded. */
  LATCHKEY_DEMO: bool.optional(),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: port(3000),
  /** The demo host page is served from this second port, so that it is another origin. */
  LATCHKEY_DEMO_PORT: port(3001),
  /** More origins the demo workspace lets frame the wizard, comma-separated (e.g. examples/nextjs-vendor's). */
  LATCHKEY_DEMO_ORIGINS: z
    .string()
    .trim()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "must be origins like http://localhost:3002, comma-separated"))),
  LATCHKEY_PUBLIC_URL: optionalUrl("the address people reach Latchkey at"),
  LATCHKEY_WORKERS: z.enum(["in-process", "off"], { message: 'must be "in-process" or "off"' }).default("in-process"),
  /**
   * The local keyring. With an external LATCHKEY_KEY_PROVIDER it is optional and only opens values
   * sealed before the move, until `npm run vault:rewrap` has re-wrapped them under the external key.
   */
  LATCHKEY_MASTER_KEYS: z.string().trim().min(1, "must not be empty").optional(),
  /** How many data keys one local master key may wrap before sealing stops and asks for a rotation (2^32: AES-GCM's bound for random IVs). */
  LATCHKEY_KEK_WRAP_LIMIT: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(2 ** 32, "must be at most 4294967296 (2^32)").default(2 ** 32),
  /**
   * Who holds the key-encryption keys (lib/vault/state.ts): "local" (LATCHKEY_MASTER_KEYS),
   * "vault-transit" (HashiCorp Vault or OpenBao transit) or "aws-kms". docs/vault-key-providers.md.
   */
  LATCHKEY_KEY_PROVIDER: z.enum(["local", "vault-transit", "aws-kms"], { message: 'must be "local", "vault-transit" or "aws-kms"' }).default("local"),
  /** vault-transit: the vault's address, e.g. https://vault.example.com:8200. */
  LATCHKEY_VAULT_ADDR: optionalUrl("the Vault or OpenBao address"),
  /** vault-transit: a token whose policy allows read on keys/<key> and update on encrypt/, decrypt/, rewrap/<key>. */
  LATCHKEY_VAULT_TOKEN: z.string().trim().min(1, "must not be empty").optional(),
  /** vault-transit: Vault Enterprise / OpenBao namespace (X-Vault-Namespace). */
  LATCHKEY_VAULT_NAMESPACE: z.string().trim().min(1).optional(),
  LATCHKEY_VAULT_TRANSIT_MOUNT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/, "must be a mount path such as transit")
    .default("transit"),
  /** vault-transit: the transit key, created with derived=true (type aes256-gcm96 or chacha20-poly1305). */
  LATCHKEY_VAULT_TRANSIT_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be a transit key name (letters, digits, . _ -)")
    .default("latchkey"),
  /** aws-kms: key ARNs or key ids, comma-separated; the first encrypts, every one decrypts. Aliases are refused (they can move). */
  LATCHKEY_AWS_KMS_KEY_IDS: z
    .string()
    .trim()
    .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .max(2048)
            .refine((k) => !/^alias\/|:alias\//.test(k), "must name keys by ARN or key id, not by alias (an alias can be moved to another key)")
            .refine((k) => /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/)?[A-Za-z0-9-]{1,128}$/.test(k), "must be key ARNs (arn:aws:kms:…:key/…) or key ids, comma-separated"),
        )
        .min(1, "must name at least one key"),
    )
    .optional(),
  /** aws-kms: the region (else the SDK's own configuration: AWS_REGION, the shared config). */
  LATCHKEY_AWS_REGION: z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as eu-central-1").optional(),
  /** aws-kms: another endpoint (a VPC endpoint, or a local KMS for tests). */
  LATCHKEY_AWS_KMS_ENDPOINT: optionalUrl("the KMS endpoint"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters of random data").optional(),
  /** Optional single sign-on for the dashboard (OpenID Connect); enabled only when all three are set. */
  AUTH_OIDC_ISSUER: optionalUrl("the OpenID Connect issuer"),
  AUTH_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** The sign-in button's label, e.g. "Okta" or "Google Workspace". */
  AUTH_OIDC_NAME: z.string().trim().min(1).max(60).default("Single sign-on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"], { message: 'must be "json" or "pretty"' }).optional(),
  HRWORKS_API_URL: optionalUrl("HR WORKS API base URL"),
  PERSONIO_API_URL: optionalUrl("Personio API base URL"),
  PEOPLEHR_API_URL: optionalUrl("Access People HR API base URL"),
  JUSTWORKS_API_URL: optionalUrl("Justworks API base URL"),
  /**
   * Outside development and tests a set *_API_URL must be https on the default port with the
   * provider's documented base path (case 32). A sandbox or a test stand against a simulator sets
   * this to allow any URL.
   */
  LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS: bool.optional(),
  JUSTWORKS_OAUTH_AUTHORIZE_URL: optionalUrl("Justworks OAuth authorize page"),
  /** Justworks service users get an address at this domain when the workspace names none. */
  JUSTWORKS_SERVICE_EMAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a domain name such as example.com")
    .optional(),
  PERSONIO_PARTNER_ID: z.string().trim().regex(/^[A-Z0-9_]{1,64}$/, "must be UPPER_SNAKE_CASE").optional(),
  PERSONIO_APP_ID: z.string().trim().regex(/^[A-Z0-9_]{1,64}$/, "must be UPPER_SNAKE_CASE").optional(),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  /** Webhooks to loopback and private addresses are refused unless this is true. */
  WEBHOOKS_ALLOW_PRIVATE: bool.optional(),
  /** Webhook retries: exponential backoff with jitter from this base; 15 s × 12 retries ≈ a day. */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(12),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the outbox relay polls for new events (it is also woken in-process after a save). */
  HANDOFF_RELAY_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(200),
  /**
   * `connection.ready` per workspace: jobs go to `connection.ready.<workspace id>` instead of the
   * shared `connection.ready`, so that each vendor's sync backend sees only its own (installs that
   * serve several vendors). Off: one shared queue, as before.
   */
  HANDOFF_QUEUE_PER_WORKSPACE: bool.optional(),
  /**
   * Prometheus metrics (lib/metrics) on a listener of their own at this port, in every process
   * (the app and `npm run worker`: give each its own port on one host). Unset: no metrics listener.
   */
  METRICS_PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .optional(),
  /** The metrics listener's address; default HOST. Beyond loopback it needs METRICS_TOKEN. */
  METRICS_HOST: z.string().trim().min(1).optional(),
  /** A scrape must send `Authorization: Bearer <this>`; required when the metrics listener is reachable beyond loopback. */
  METRICS_TOKEN: z.string().trim().min(32, "must be at least 32 characters of random data").optional(),
  /** Scheduled re-check of every active connection (cron, UTC), spread over this many minutes. */
  HEALTH_CHECK_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, "must be a cron expression with five fields")
    .superRefine((expr, ctx) => {
      if (!/^\S+( \S+){4}$/.test(expr)) return; // reported by the regex above
      // pg-boss schedules with this same parser (cron-parser), so what passes here also runs there.
      try {
        cronParser.parseExpression(expr, { utc: true });
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `must be a valid cron expression (${(e as Error).message})` });
      }
    })
    .default("0 3 * * *"),
  HEALTH_CHECK_SPREAD_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
  /** Serve /bench/baseline, the bare comparison route of `npm run bench:wizard`; that bench sets it. Off: 404. */
  LATCHKEY_BENCH_ROUTES: bool.optional(),
  /**
   * Which peers may tell us the client's address and the host it asked for (X-Forwarded-For,
   * -Host, -Proto): a hop count (1 = one reverse proxy in front) or the proxies' addresses or CIDR
   * ranges, comma-separated. Unset: nobody; those headers are dropped (lib/client-address.ts).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      try {
        parseTrustProxy(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `must be a hop count or a comma-separated list of CIDR ranges: ${(e as Error).message}` });
      }
    })
    .optional(),
  /**
   * A process started while the database does not answer waits for it, logging as it waits; after
   * this many seconds it gives up and exits. 0: wait for ever. (The app listens only once the
   * database has answered: give an orchestrator's start-up probe room for that.)
   */
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
  /**
   * On SIGTERM or SIGINT: stop taking requests and jobs, then give requests in flight and running
   * jobs this long to finish before they are cut off (jobs cut off are retried) and the process exits.
   */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  /**
   * How often the queue's maintenance runs (pg-boss): among other things it moves a job whose worker
   * died mid-run (its expiry passed) back to retry, so it is not left `active`.
   */
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Passthrough calls allowed per connection per minute. */
  PROXY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Requests to all providers together per minute, from every instance (lib/providers/budget.ts). */
  PROVIDER_BUDGET_OVERALL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(6000),
  /** Requests per minute one workspace may send to one provider, from every instance. */
  PROVIDER_BUDGET_WORKSPACE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * Replaces providers' declared budgets: JSON such as
   * {"peoplehr":[{"per":"provider","requests":"all","points":60,"durationSeconds":60}]}.
   */
  PROVIDER_BUDGETS: z
    .string()
    .trim()
    .transform((v, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON: an object of provider ids to lists of budget rules" });
        return z.NEVER;
      }
      const rules = z.record(
        z.string().regex(/^[a-z]{1,32}$/),
        z.array(
          z.strictObject({
            per: z.enum(["provider", "workspace", "connection"]),
            requests: z.enum(["all", "auth"]),
            points: z.number().int().min(1),
            durationSeconds: z.number().int().min(1).max(86_400),
          }),
        ),
      ).safeParse(parsed);
      if (!rules.success) {
        ctx.addIssue({ code: "custom", message: `must map provider ids to lists of {per, requests, points, durationSeconds}: ${rules.error.issues[0]?.message ?? "invalid"}` });
        return z.NEVER;
      }
      return rules.data;
    })
    .optional(),
});

type RawEnv = z.infer<typeof envSchema>;

export type Env = RawEnv & {
  demo: boolean;
  embedded: boolean;
  dataDir: string;
  publicUrl: string;
  demoHostUrl: string;
  production: boolean;
  /** Single sign-on for the dashboard: all three AUTH_OIDC_* are set (validation refuses some of them). */
  oidcEnabled: boolean;
  trustProxy: TrustProxy;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      "Latchkey cannot start: the configuration is not valid.\n" +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nSee the README's table of settings.",
    );
    this.name = "ConfigError";
  }
}

/** 127.0.0.0/8, ::1 and localhost: a listener nobody else can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parse a set of variables. Pure: tests pass their own object. Messages never contain values. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = source[key];
    if (v !== undefined && v !== "") cleaned[key] = v;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? "?")}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  // Demo mode (generated keys, a full-permission demo key, sandbox providers, unauthenticated demo
  // actions) is never a fallback: it needs LATCHKEY_DEMO=true, or nothing at all configured on a
  // loopback host (`npm run demo`). A start that configured anything, or listens beyond loopback,
  // names what is missing instead.
  const configured = [e.DATABASE_URL, e.LATCHKEY_MASTER_KEYS, e.AUTH_SECRET, e.LATCHKEY_PUBLIC_URL, e.LATCHKEY_VAULT_ADDR, e.LATCHKEY_AWS_KMS_KEY_IDS].some(Boolean);
  const demo = e.LATCHKEY_DEMO ?? (!configured && isLoopbackHost(e.HOST));
  const problems: string[] = [];
  if (!demo) {
    if (!e.DATABASE_URL) problems.push("DATABASE_URL: required outside demo mode (postgresql://…; LATCHKEY_DEMO=true runs the demo)");
    if (!e.LATCHKEY_MASTER_KEYS && e.LATCHKEY_KEY_PROVIDER === "local")
      problems.push("LATCHKEY_MASTER_KEYS: required outside demo mode (id:base64key[,id:base64key…], 32-byte keys)");
    if (!e.AUTH_SECRET) problems.push("AUTH_SECRET: required outside demo mode (at least 32 random characters)");
    if (!e.LATCHKEY_PUBLIC_URL) problems.push("LATCHKEY_PUBLIC_URL: required outside demo mode (e.g. https://connect.example.com)");
  }
  if (e.LATCHKEY_KEY_PROVIDER === "vault-transit") {
    if (!e.LATCHKEY_VAULT_ADDR) problems.push("LATCHKEY_VAULT_ADDR: required with LATCHKEY_KEY_PROVIDER=vault-transit (e.g. https://vault.example.com:8200)");
    if (!e.LATCHKEY_VAULT_TOKEN) problems.push("LATCHKEY_VAULT_TOKEN: required with LATCHKEY_KEY_PROVIDER=vault-transit (a token allowed to use the transit key)");
  }
  if (e.LATCHKEY_KEY_PROVIDER === "aws-kms" && !e.LATCHKEY_AWS_KMS_KEY_IDS)
    problems.push("LATCHKEY_AWS_KMS_KEY_IDS: required with LATCHKEY_KEY_PROVIDER=aws-kms (key ARNs, comma-separated; the first encrypts)");
  if (e.DATABASE_MIGRATION_URL && !e.DATABASE_URL)
    problems.push("DATABASE_MIGRATION_URL: only used with DATABASE_URL (the embedded database has one role; see docs/security.md)");
  const oidc = [e.AUTH_OIDC_ISSUER, e.AUTH_OIDC_CLIENT_ID, e.AUTH_OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc > 0 && oidc < 3)
    problems.push("AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET: set all three to enable single sign-on, or none");
  if (e.PORT !== 0 && e.PORT === e.LATCHKEY_DEMO_PORT && demo)
    problems.push("LATCHKEY_DEMO_PORT: must differ from PORT (the demo host page needs its own origin)");
  if (e.METRICS_PORT !== undefined) {
    if (e.METRICS_PORT === e.PORT || (demo && e.METRICS_PORT === e.LATCHKEY_DEMO_PORT))
      problems.push("METRICS_PORT: must differ from PORT and LATCHKEY_DEMO_PORT (the metrics have a listener of their own)");
    if (!e.METRICS_TOKEN && !isLoopbackHost(e.METRICS_HOST ?? e.HOST))
      problems.push("METRICS_TOKEN: required when the metrics listen beyond loopback (METRICS_HOST, default HOST); at least 32 random characters");
  } else if (e.METRICS_TOKEN || e.METRICS_HOST) {
    problems.push("METRICS_PORT: set it to serve the metrics (METRICS_TOKEN and METRICS_HOST only apply to that listener)");
  }
  if (problems.length) throw new ConfigError(problems);

  const publicUrl = (e.LATCHKEY_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    ...e,
    demo,
    embedded,
    dataDir: path.resolve(e.LATCHKEY_DATA_DIR),
    publicUrl,
    demoHostUrl: `http://localhost:${e.LATCHKEY_DEMO_PORT}`,
    production: e.NODE_ENV === "production",
    oidcEnabled: oidc === 3,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}

/**
 * Whether this code runs in Next.js's development server. Read live, not from the cached Env:
 * Next.js sets NODE_ENV itself and inlines it into the bundles it builds, so a production build
 * answers false whatever the environment said at start.
 */
export function isDevelopmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/** For the launcher, after it has started the embedded database, and for tests. */
export function setEnvOverrides(values: Record<string, string>): void {
  Object.assign(process.env, values);
  cached = undefined;
}
