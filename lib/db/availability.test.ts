import pg from "pg";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import { isDatabaseUnavailable, waitForDatabase } from "@/lib/db/availability";

describe("isDatabaseUnavailable", () => {
  it("recognises a database that is away, also wrapped by drizzle", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("x"), { code: "08006" }) }))).toBe(true);
    const both = new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" }), Object.assign(new Error("b"), { code: "ECONNREFUSED" })], "");
    expect(isDatabaseUnavailable(both)).toBe(true);
  });

  it("leaves every other failure alone", () => {
    expect(isDatabaseUnavailable(new Error("duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("password authentication failed"), { code: "28P01" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("relation does not exist"), { code: "42P01" }))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("waitForDatabase", () => {
  it("keeps trying while nothing answers and gives up only after its bound, logging as it waits", async () => {
    // Port 1 on loopback: refused at once, like a stopped Postgres.
    const pool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/postgres", max: 1 });
    pool.on("error", () => {});
    const lines: string[] = [];
    const log = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    const t0 = Date.now();
    await expect(waitForDatabase(pool, { log, timeoutMs: 600, intervalMs: 100, logEveryMs: 250 })).rejects.toThrow(/did not answer within/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600);
    const waiting = lines.filter((l) => l.includes("waiting for the database"));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    await pool.end();
  });
});
