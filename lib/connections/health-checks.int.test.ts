// The daily health checks: the fan-out (one delayed job per checkable connection, spaced per
// provider) and one check's effect, once per transition, against the Personio sandbox.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { systemActor } from "@/lib/audit";
import { auditLog, connections, events, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { registerQueues } from "@/lib/jobs/register";
import { createBoss } from "@/lib/queue";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_ATTRIBUTES, PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { sealCredential } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import { HEALTH_CHECK_QUEUE, healthCheckJob, healthCheckScheduleJob, runHealthCheck, scheduleHealthChecks } from "./health-checks";

const CLIENT = "personio-health-test";
const SECRET = PERSONIO_SANDBOX_SECRET;

describe(`health checks on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let boss: PgBoss;

  beforeAll(async () => {
    t = await createTestDatabase();
    PERSONIO_SANDBOX_CLIENTS[CLIENT] = { areas: ["employees", "attendances", "absences", "documents"], attributes: [...PERSONIO_SANDBOX_ATTRIBUTES] };
    sandbox = await serveSandbox(createPersonioSandbox());
    setEnvOverrides({ PERSONIO_API_URL: sandbox.url });
    await t.db.insert(workspaces).values([{ id: "ws_api", slug: "api", name: "API" }]);
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({
        id: "conn_p1",
        workspaceId: "ws_api",
        endUserId: "cust-1",
        provider: "personio",
        requiredScopes: ["employees", "absences"],
        optionalScopes: [],
        scopeResults: { employees: { status: "granted", required: true }, absences: { status: "granted", required: true } },
      });
      await sealCredential(tx, { workspaceId: "ws_api", connectionId: "conn_p1", provider: "personio", values: { clientId: CLIENT, clientSecret: SECRET }, actor: systemActor });
    });
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await registerQueues(boss, [healthCheckScheduleJob, healthCheckJob]);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await sandbox?.close();
    delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
    await t?.drop();
  });

  it("the health-check queue carries its retry policy", async () => {
    expect(await boss.getQueue(HEALTH_CHECK_QUEUE)).toMatchObject({ retryLimit: 2, retryDelay: 300, expireInSeconds: 300 });
  });

  it("the schedule fans out one delayed job per checkable connection, spaced per provider", async () => {
    await t.db.insert(connections).values([
      { id: "conn_p2", workspaceId: "ws_api", endUserId: "c2", provider: "personio" },
      { id: "conn_p3", workspaceId: "ws_api", endUserId: "c3", provider: "personio", status: "deleted" },
      { id: "conn_j1", workspaceId: "ws_api", endUserId: "c4", provider: "justworks" },
    ]);
    const now = new Date("2026-11-24T03:00:00Z");
    expect(await scheduleHealthChecks(boss, t.db, now)).toBe(2);
    expect(await scheduleHealthChecks(boss, t.db, now)).toBe(2);
    const { rows } = await t.pool.query<{ id: string; start_after: Date; data: { connectionId: string } }>(
      "select id, start_after, data from pgboss.job where name = 'connection.health_check' order by start_after",
    );
    // The same run scheduled twice creates each job once (deterministic ids).
    expect(rows.map((r) => r.data.connectionId)).toEqual(["conn_p1", "conn_p2"]);
    const gapMs = rows[1]!.start_after.getTime() - rows[0]!.start_after.getTime();
    expect(gapMs).toBeGreaterThanOrEqual(2000);
    await t.db.delete(connections).where(inArray(connections.id, ["conn_p2", "conn_p3", "conn_j1"]));
  });

  it("health check: a permission revoked after linking → needs_attention and exactly one connection.check_failed", async () => {
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("healthy");
    // The customer's admin removes the Employees permission in Personio.
    PERSONIO_SANDBOX_CLIENTS[CLIENT]!.areas = ["attendances", "absences", "documents"];
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("needs_attention");
    // The next day's check finds it still missing: no second event.
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("needs_attention");
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, "conn_p1"));
    expect(conn!.status).toBe("needs_attention");
    expect(conn!.scopeResults.employees?.status).toBe("missing");
    const failed = await t.db.select().from(events).where(eq(events.type, "connection.check_failed"));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.payload).toMatchObject({ lost_scopes: ["employees"], trigger: "schedule" });
    expect(JSON.stringify(failed[0]!.payload)).not.toContain(SECRET);

    // Permission restored: back to active with one connection.recovered, no new failure event.
    PERSONIO_SANDBOX_CLIENTS[CLIENT]!.areas = ["employees", "attendances", "absences", "documents"];
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("healthy");
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("healthy");
    expect(await t.db.select().from(events).where(eq(events.type, "connection.check_failed"))).toHaveLength(1);
    const recovered = await t.db.select().from(events).where(eq(events.type, "connection.recovered"));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.payload).toMatchObject({ connection_id: "conn_p1", status: "active", trigger: "schedule" });
    // Every check is audited the same way, by the system.
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "connection.rechecked"));
    expect(audits).toHaveLength(5);
    expect(new Set(audits.map((a) => a.actorType))).toEqual(new Set(["system"]));

    // A provider that is down changes nothing.
    PERSONIO_SANDBOX_CLIENTS[CLIENT]!.rateLimited = true;
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_api" })).toBe("transient");
    expect((await t.db.select().from(connections).where(eq(connections.id, "conn_p1")))[0]!.status).toBe("active");
    PERSONIO_SANDBOX_CLIENTS[CLIENT]!.rateLimited = false;
  });

  it("skips a connection deleted since the fan-out, and one whose provider has no credential check", async () => {
    await t.db.insert(connections).values([
      { id: "conn_gone", workspaceId: "ws_api", endUserId: "g", provider: "personio", status: "deleted", deletedAt: new Date() },
      { id: "conn_jw2", workspaceId: "ws_api", endUserId: "j", provider: "justworks" },
    ]);
    expect(await runHealthCheck(t.db, { connectionId: "conn_gone", workspaceId: "ws_api" })).toBe("skipped");
    expect(await runHealthCheck(t.db, { connectionId: "conn_jw2", workspaceId: "ws_api" })).toBe("skipped");
    expect(await runHealthCheck(t.db, { connectionId: "conn_p1", workspaceId: "ws_other" })).toBe("skipped");
  });
});
