import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { createBoss } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "@/test/db";

describe(`pg-boss on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    t = await createTestDatabase();
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it("delivers a sent job to a worker", async () => {
    await boss.createQueue("test.roundtrip");
    const received = new Promise<Record<string, unknown>>((resolve) => {
      void boss.work<Record<string, unknown>>("test.roundtrip", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job!.data);
      });
    });
    const id = await boss.send("test.roundtrip", { hello: "world", n: 42 });
    expect(id).toBeTruthy();
    expect(await received).toEqual({ hello: "world", n: 42 });
  });

  it("enqueues inside a database transaction only when it commits", async () => {
    await boss.createQueue("test.tx");
    const client = await t.pool.connect();
    const asDb = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    try {
      await client.query("begin");
      await boss.send("test.tx", { keep: false }, { db: asDb });
      await client.query("rollback");
      await client.query("begin");
      await boss.send("test.tx", { keep: true }, { db: asDb });
      await client.query("commit");
    } finally {
      client.release();
    }
    const jobs = await boss.fetch<{ keep: boolean }>("test.tx", { batchSize: 10 });
    expect(jobs?.map((j) => j.data)).toEqual([{ keep: true }]);
  });
});
