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

  it.each(["LATCHKEY_MASTER_KEYS", "AUTH_SECRET", "LATCHKEY_PUBLIC_URL"])("refuses production without %s and names it", (name) => {
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
