import { Writable } from "node:stream";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/lib/db/schema";
import { createLogger } from "@/lib/log";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ destination, level: "info" }), lines };
}

// Finding 9: a failing query's error carries its parameters (a session-token or API-key hash).
describe(`database errors in the log (${testDbKind()})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const failures = (canary: string) => [
    // A value the database refuses: Postgres quotes it in its message.
    () => t.db.execute(sql`select ${canary}::int`),
    // A lookup by a hash, failing on a cast inside the same statement.
    () => t.db.select().from(apiKeys).where(sql`${apiKeys.hash} = ${canary} and ${canary}::uuid is not null`),
    // A unique violation: Postgres repeats the key in `detail`.
    async () => {
      await t.db.execute(sql`create temporary table if not exists canary_t (v text unique)`);
      await t.db.execute(sql`insert into canary_t values (${canary})`);
      await t.db.execute(sql`insert into canary_t values (${canary})`);
    },
    () => t.db.update(apiKeys).set({ name: canary }).where(eq(apiKeys.id, sql`${canary}::int`)),
  ];

  it("logs a failing query's error without its parameters, values or detail, under any key", async () => {
    for (const fail of failures(`CANARY-${randomUUID()}`)) {
      const canary = /CANARY-[0-9a-f-]+/;
      let error: unknown;
      try {
        await fail();
      } catch (e) {
        error = e;
      }
      expect(error, "the query should have failed").toBeInstanceOf(Error);
      // The raw error does carry the canary: this is what the serializer must remove.
      expect(JSON.stringify({ m: (error as Error).message, s: (error as Error).stack, c: String((error as Error).cause) })).toMatch(canary);
      const { log, lines } = capture();
      log.error({ err: error }, "query failed");
      log.error({ error, nested: { e: error } }, "query failed elsewhere");
      log.error(error as Error);
      const out = lines.join("\n");
      expect(out).not.toMatch(canary);
      expect(out).not.toMatch(/CANARY/);
      // What helps is still there: the kind of failure and the database's error code.
      expect(out).toContain("query failed");
      expect(out).toMatch(/"code":"[0-9A-Z]{5}"/);
    }
  });
});
