import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "@/lib/env";

const production = {
  DATABASE_URL: "postgresql://app@db.internal:5432/latchkey",
  LATCHKEY_MASTER_KEYS: "k1:" + Buffer.alloc(32, 7).toString("base64"),
  AUTH_SECRET: "s".repeat(40),
  LATCHKEY_PUBLIC_URL: "https://connect.vendor.example",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(source);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration", () => {
  it("starts in demo mode with nothing configured", () => {
    const env = loadEnv({});
    expect(env.demo).toBe(true);
    expect(env.embedded).toBe(true);
    expect(env.publicUrl).toBe("http://localhost:3000");
  });

  it("accepts a complete production configuration", () => {
    const env = loadEnv(production);
    expect(env.demo).toBe(false);
    expect(env.embedded).toBe(false);
  });

  it.each(["DATABASE_URL", "LATCHKEY_MASTER_KEYS", "AUTH_SECRET", "LATCHKEY_PUBLIC_URL"])("refuses production without %s and names it", (name) => {
    const problems = problemsOf({ ...production, [name]: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: required`));
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/db", "postgres://"],
    ["PORT", "eighty", "port"],
    ["PORT", "70000", "65535"],
    ["LATCHKEY_PUBLIC_URL", "connect.vendor.example", "URL"],
    ["HRWORKS_API_URL", "ftp://files.example", "http"],
    ["LOG_LEVEL", "loud", "LOG_LEVEL"],
    ["LATCHKEY_DEMO", "maybe", "true"],
    ["AUTH_SECRET", "short", "32"],
    ["LATCHKEY_WORKERS", "sometimes", "in-process"],
  ])("refuses a malformed %s and says what it expects", (name, value, expected) => {
    const problems = problemsOf({ ...production, [name]: value });
    const mine = problems.find((p) => p.startsWith(`${name}:`));
    expect(mine).toBeDefined();
    expect(mine).toContain(expected);
  });

  it("never prints a secret value in its message", () => {
    const secret = "CANARY-super-secret-value-0123456789";
    for (const name of ["AUTH_SECRET", "DATABASE_URL", "LATCHKEY_PUBLIC_URL", "LATCHKEY_MASTER_KEYS"]) {
      try {
        loadEnv({ ...production, [name]: name === "AUTH_SECRET" ? "CANARY" : secret, PORT: "nope" });
      } catch (e) {
        expect((e as Error).message).not.toContain("CANARY");
        continue;
      }
      throw new Error("expected refusal");
    }
  });

  it("refuses the demo host page on the app's own port", () => {
    expect(problemsOf({ PORT: "4000", LATCHKEY_DEMO_PORT: "4000" })[0]).toMatch(/^LATCHKEY_DEMO_PORT:/);
  });

  it("never falls into demo mode on a public host: nothing configured on 0.0.0.0 names every missing setting", () => {
    for (const source of [{ HOST: "0.0.0.0" }, { HOST: "0.0.0.0", NODE_ENV: "production" }, { HOST: "::" }, { HOST: "connect.vendor.example" }]) {
      const problems = problemsOf(source);
      for (const name of ["DATABASE_URL", "LATCHKEY_MASTER_KEYS", "AUTH_SECRET"]) expect(problems.some((p) => p.startsWith(`${name}: required`))).toBe(true);
    }
  });

  it("does not fall into demo mode when something is configured: a half configuration names what is missing", () => {
    const problems = problemsOf({ DATABASE_URL: production.DATABASE_URL });
    expect(problems.some((p) => p.startsWith("LATCHKEY_MASTER_KEYS: required"))).toBe(true);
    expect(problems.some((p) => p.startsWith("AUTH_SECRET: required"))).toBe(true);
    expect(problemsOf({ AUTH_SECRET: production.AUTH_SECRET }).some((p) => p.startsWith("DATABASE_URL: required"))).toBe(true);
    expect(problemsOf({ ...production, DATABASE_URL: undefined, LATCHKEY_DEMO: "false" })[0]).toMatch(/^DATABASE_URL: required/);
  });

  it("runs the demo on loopback with nothing configured, or wherever LATCHKEY_DEMO=true says so", () => {
    for (const HOST of ["127.0.0.1", "localhost", "::1", "127.0.0.5"]) expect(loadEnv({ HOST }).demo).toBe(true);
    expect(loadEnv({ HOST: "0.0.0.0", LATCHKEY_DEMO: "true" }).demo).toBe(true);
    expect(loadEnv({ DATABASE_URL: production.DATABASE_URL, LATCHKEY_DEMO: "true" }).demo).toBe(true);
  });

  it("key providers: an external one needs its own settings instead of LATCHKEY_MASTER_KEYS, each named when missing", () => {
    const { LATCHKEY_MASTER_KEYS: _keys, ...noKeys } = production;
    const transit = { ...noKeys, LATCHKEY_KEY_PROVIDER: "vault-transit", LATCHKEY_VAULT_ADDR: "https://vault.internal:8200", LATCHKEY_VAULT_TOKEN: "hvs.x" };
    expect(loadEnv(transit)).toMatchObject({ LATCHKEY_KEY_PROVIDER: "vault-transit", LATCHKEY_VAULT_TRANSIT_MOUNT: "transit", LATCHKEY_VAULT_TRANSIT_KEY: "latchkey" });
    expect(problemsOf({ ...transit, LATCHKEY_VAULT_TOKEN: undefined })).toEqual([expect.stringMatching(/^LATCHKEY_VAULT_TOKEN: required with LATCHKEY_KEY_PROVIDER=vault-transit/)]);
    const arn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(loadEnv({ ...noKeys, LATCHKEY_KEY_PROVIDER: "aws-kms", LATCHKEY_AWS_KMS_KEY_IDS: `${arn}, 1234abcd-12ab-34cd-56ef-1234567890ac` }).LATCHKEY_AWS_KMS_KEY_IDS).toEqual([
      arn,
      "1234abcd-12ab-34cd-56ef-1234567890ac",
    ]);
    expect(problemsOf({ ...noKeys, LATCHKEY_KEY_PROVIDER: "aws-kms" })).toEqual([expect.stringMatching(/^LATCHKEY_AWS_KMS_KEY_IDS: required/)]);
    expect(problemsOf({ ...noKeys, LATCHKEY_KEY_PROVIDER: "aws-kms", LATCHKEY_AWS_KMS_KEY_IDS: "arn:aws:kms:eu-central-1:111122223333:alias/latchkey" })[0]).toMatch(/not by alias/);
    expect(problemsOf({ ...production, LATCHKEY_KEY_PROVIDER: "hsm" })[0]).toMatch(/^LATCHKEY_KEY_PROVIDER: must be "local", "vault-transit" or "aws-kms"/);
    // Still never the demo: a transit address alone on loopback is a production start.
    expect(problemsOf({ LATCHKEY_VAULT_ADDR: "https://vault.internal:8200" }).join("\n")).toMatch(/DATABASE_URL: required/);
  });

  it("parses TRUST_PROXY and refuses a malformed one", () => {
    expect(loadEnv({ ...production, TRUST_PROXY: "1" }).trustProxy).toEqual({ kind: "hops", hops: 1 });
    expect(loadEnv({ ...production }).trustProxy).toEqual({ kind: "none" });
    expect(loadEnv({ ...production, TRUST_PROXY: "10.0.0.0/8,192.168.1.7" }).trustProxy.kind).toBe("cidrs");
    expect(problemsOf({ ...production, TRUST_PROXY: "10.0.0.0/33" })[0]).toMatch(/^TRUST_PROXY:/);
  });
});

describe("metrics and per-workspace queues", () => {
  const token = "t".repeat(32);
  it.each<[string, Record<string, string>, RegExp | null]>([
    ["off by default", {}, null],
    ["on loopback without a token", { METRICS_PORT: "9464" }, null],
    ["beyond loopback with a token", { METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0", METRICS_TOKEN: token }, null],
    ["beyond loopback (HOST) without a token", { METRICS_PORT: "9464", HOST: "0.0.0.0", LATCHKEY_DEMO: "true" }, /^METRICS_TOKEN: required when the metrics listen beyond loopback/],
    ["beyond loopback (METRICS_HOST) without a token", { METRICS_PORT: "9464", METRICS_HOST: "10.0.0.5" }, /^METRICS_TOKEN: required/],
    ["a short token", { METRICS_PORT: "9464", METRICS_TOKEN: "short" }, /^METRICS_TOKEN: must be at least 32 characters/],
    ["the app's own port", { METRICS_PORT: "3000" }, /^METRICS_PORT: must differ from PORT/],
    ["the demo host page's port", { METRICS_PORT: "3001" }, /^METRICS_PORT: must differ from PORT and LATCHKEY_DEMO_PORT/],
    ["a token without a port", { METRICS_TOKEN: token }, /^METRICS_PORT: set it to serve the metrics/],
    ["not a port", { METRICS_PORT: "http" }, /^METRICS_PORT: must be a port number/],
  ])("METRICS_*: %s", (_what, vars, problem) => {
    if (!problem) {
      expect(() => loadEnv(vars)).not.toThrow();
      return;
    }
    const problems = problemsOf(vars);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).not.toContain(token);
  });

  it("HANDOFF_QUEUE_PER_WORKSPACE is off unless set", () => {
    expect(loadEnv({}).HANDOFF_QUEUE_PER_WORKSPACE).toBeUndefined();
    expect(loadEnv({ HANDOFF_QUEUE_PER_WORKSPACE: "true" }).HANDOFF_QUEUE_PER_WORKSPACE).toBe(true);
    expect(problemsOf({ HANDOFF_QUEUE_PER_WORKSPACE: "maybe" })[0]).toMatch(/^HANDOFF_QUEUE_PER_WORKSPACE: must be "true" or "false"/);
  });
});

describe("HEALTH_CHECK_CRON", () => {
  it.each(["61 * * * *", "0 25 * * *", "0 3 * * 8", "0 0 31 2 *", "a b c d e", "0 3 * *", "0 0 3 * * *"])("refuses %j with one message naming it", (value) => {
    const problems = problemsOf({ HEALTH_CHECK_CRON: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HEALTH_CHECK_CRON: must be a (valid )?cron expression/);
  });

  it.each(["0 3 * * *", "*/15 2-4 * * 1-5", "30 23 L * *"])("accepts %j", (value) => {
    expect(loadEnv({ HEALTH_CHECK_CRON: value }).HEALTH_CHECK_CRON).toBe(value);
  });
});
