// Starting the workers creates every listed queue with the options declared beside its worker,
// and the schedules.
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { createBoss } from "@/lib/queue";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import { jobs, startWorkers } from "./index";

describe(`lib/jobs on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    t = await createTestDatabase();
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await startWorkers(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it("creates every queue with its declared options and schedules the cron jobs", async () => {
    for (const job of jobs) expect(await boss.getQueue(job.queue), job.queue).toBeTruthy();
    const env = getEnv();
    expect(await boss.getQueue("webhook.deliver")).toMatchObject({ retryLimit: env.WEBHOOK_RETRY_LIMIT, retryDelay: env.WEBHOOK_RETRY_DELAY_SECONDS, retryBackoff: true });
    expect(await boss.getQueue("connection.health_check")).toMatchObject({ retryLimit: 2, retryDelay: 300 });
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => s.name).sort()).toEqual(["connect_sessions.purge", "connection.health_check.schedule", "oauth.refresh"]);
    expect(schedules.find((s) => s.name === "oauth.refresh")).toMatchObject({ cron: "*/10 * * * *" });
    expect(schedules.find((s) => s.name === "connection.health_check.schedule")).toMatchObject({ cron: env.HEALTH_CHECK_CRON, options: { tz: "UTC" } });
  });
});
