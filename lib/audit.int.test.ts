// The audit trail (case 37): rows carry the request id and the outcome, are hash-chained by the
// database (one chain under concurrent writers), `verifyAuditChain` finds a changed or missing
// row, and with DATABASE_MIGRATION_URL the app's role may only INSERT and SELECT on audit_log.
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, runWithRequestId, verifyAuditChain, type ChainProblem } from "@/lib/audit";
import { boot } from "@/lib/boot";
import { closeDb, databaseUrl, getPool } from "@/lib/db";
import { roleFacts } from "@/lib/db/roles";
import { auditLog } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { createBoss } from "@/lib/queue";
import { ADMIN_URL, createBareDatabase, createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const run = promisify(execFile);

/** The owner (a superuser in tests) changes the log behind the triggers' back, as an attacker with that role could. */
async function tamper(t: TestDatabase, statement: string): Promise<void> {
  await t.pool.query("alter table audit_log disable trigger audit_log_no_update_delete");
  try {
    await t.pool.query(statement);
  } finally {
    await t.pool.query("alter table audit_log enable trigger audit_log_no_update_delete");
  }
}

describe("audit chain", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("case 37: records request id and outcome, and chains every row", async () => {
    await runWithRequestId("req-test-0001", () =>
      recordAudit(t.db, { actor: { type: "system", id: "test" }, action: "test.first", target: { type: "connection", id: "conn_1" } }),
    );
    await recordAudit(t.db, { actor: { type: "staff", id: "u1" }, action: "test.denied", outcome: "denied", requestId: "req-test-0002" });
    await recordAudit(t.db, { actor: { type: "system" }, action: "credential.open_failed", details: { b: 1, a: "ü" } });
    const rows = await t.db.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => [r.seq, r.action, r.outcome, r.requestId])).toEqual([
      [1, "test.first", "success", "req-test-0001"],
      [2, "test.denied", "denied", "req-test-0002"],
      [3, "credential.open_failed", "failure", null],
    ]);
    expect(rows[0]!.prevHash).toBeNull();
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ rows: 3, lastSeq: 3, lastHash: rows[2]!.hash, problems: [] });
  });

  it("ignores seq and hashes the app tries to write", async () => {
    await t.db.insert(auditLog).values({ actorType: "system", action: "test.forged", seq: 999, prevHash: "x", hash: "y" });
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "test.forged"));
    expect(row!.seq).toBe(4);
    expect(row!.hash).not.toBe("y");
    expect((await verifyAuditChain(t.db)).problems).toEqual([]);
  });

  it("keeps one chain when many transactions write at once", async () => {
    const before = (await verifyAuditChain(t.db)).rows;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.db.transaction(async (tx) => {
          await recordAudit(tx, { actor: { type: "system" }, action: "test.parallel", details: { i } });
          await tx.execute(sql`select pg_sleep(0.005)`);
          await recordAudit(tx, { actor: { type: "system" }, action: "test.parallel", details: { i, second: true } });
        }),
      ),
    );
    const report = await verifyAuditChain(t.db, { batchSize: 7 });
    expect(report.problems).toEqual([]);
    expect(report.rows).toBe(before + 48);
    expect(report.lastSeq).toBe(before + 48);
  });

  it("finds a changed row, a deleted row, and rows cut from the end", async () => {
    const head = await verifyAuditChain(t.db);
    const [victim] = await t.db.select().from(auditLog).where(eq(auditLog.seq, 2));
    await tamper(t, `update audit_log set outcome = 'success' where seq = 2`);
    expect((await verifyAuditChain(t.db)).problems).toEqual<ChainProblem[]>([{ kind: "changed", seq: 2, id: victim!.id }]);
    await tamper(t, `update audit_log set outcome = 'denied' where seq = 2`);
    expect((await verifyAuditChain(t.db)).problems).toEqual([]);

    await tamper(t, `delete from audit_log where seq = 3`);
    expect((await verifyAuditChain(t.db)).problems).toEqual<ChainProblem[]>([{ kind: "missing", afterSeq: 2, beforeSeq: 4 }]);

    await tamper(t, `delete from audit_log where seq = ${head.lastSeq}`);
    const cut = await verifyAuditChain(t.db, { expect: { seq: head.lastSeq, hash: head.lastHash! } });
    expect(cut.problems).toContainEqual({ kind: "missing", afterSeq: head.lastSeq - 1, beforeSeq: head.lastSeq + 1 });
  });

  it("`npm run audit:verify` exits 1 and names the problem", async () => {
    const res = await run("npx", ["tsx", "scripts/audit-verify.ts"], {
      env: { ...process.env, DATABASE_URL: t.url, LATCHKEY_DEMO: "true", AUTH_SECRET: "x".repeat(40), LOG_LEVEL: "silent" },
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/PROBLEM: row 3 is missing \(deleted\)/);
  });
});

describe.skipIf(testDbKind() !== "postgres")("the app's role cannot switch the trail off (DATABASE_MIGRATION_URL)", () => {
  const role = `latchkey_app_${randomBytes(4).toString("hex")}`;
  let bare: { url: string; drop: () => Promise<void> };
  let admin: pg.Client;

  beforeAll(async () => {
    bare = await createBareDatabase("postgres");
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create role ${role} login`);
    const appUrl = bare.url.replace("postgresql://postgres@", `postgresql://${role}@`);
    setEnvOverrides({ DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: bare.url, LATCHKEY_DEMO: "true", AUTH_SECRET: "s".repeat(40) });
    const b = await boot("migrate");
    await b.shutdown();
  });
  afterAll(async () => {
    await closeDb();
    await bare.drop();
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
    setEnvOverrides({ DATABASE_MIGRATION_URL: "" });
  });

  async function refused(statement: string): Promise<string | undefined> {
    try {
      await getPool().query(statement);
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return undefined;
  }

  it("case 37: inserts and reads, but UPDATE, DELETE, TRUNCATE and disabling a trigger are refused", async () => {
    const facts = await roleFacts(getPool());
    expect(facts).toEqual({ user: role, superuser: false, ownsAuditLog: false, canChangeAuditLog: false });
    await recordAudit(await import("@/lib/db").then((m) => m.getDb()), { actor: { type: "system" }, action: "test.as_app" });
    const rows = await getPool().query("select action, seq from audit_log");
    expect(rows.rows).toEqual([{ action: "test.as_app", seq: "1" }]);

    expect(await refused("update audit_log set action = 'x'")).toBe("42501");
    expect(await refused("delete from audit_log")).toBe("42501");
    expect(await refused("truncate audit_log")).toBe("42501");
    expect(await refused("alter table audit_log disable trigger audit_log_chain")).toBe("42501");
    expect(await refused("drop trigger audit_log_no_update_delete on audit_log")).toBe("42501");
    expect(await refused("create or replace function audit_log_chain() returns trigger language plpgsql as $$ begin return new; end $$")).toBe("42501");
    // Everything else still works for the app.
    await getPool().query("insert into workspaces (id, name, slug) values ('ws_roles', 'Roles', 'roles')");
    await getPool().query("update workspaces set name = 'Roles 2' where id = 'ws_roles'");
    await getPool().query("delete from workspaces where id = 'ws_roles'");
  });

  it("lets the app's role create and use pg-boss's schema, and a second start re-grants idempotently", async () => {
    const boss = createBoss(databaseUrl(), { supervise: false, schedule: false, max: 2 });
    await boss.start();
    try {
      await boss.createQueue("roles-test");
      expect(await boss.send("roles-test", { ok: true })).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const again = await boot("migrate");
    await again.shutdown();
    expect((await roleFacts(getPool())).canChangeAuditLog).toBe(false);
  });
});
