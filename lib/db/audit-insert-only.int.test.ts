import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { auditLog } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;

/** drizzle wraps the driver's error: the database's own message and code are on `cause`. */
async function refusal(p: PromiseLike<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error("the statement was not refused");
}
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("audit_log is insert-only", () => {
  it("case 37: accepts inserts and refuses UPDATE, DELETE and TRUNCATE at the database", async () => {
    await recordAudit(t.db, { actor: { type: "system", id: "test" }, action: "test.inserted", target: { type: "connection", id: "conn_x" } });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "test.inserted"));
    expect(rows).toHaveLength(1);

    const refused = { code: "42501", message: expect.stringMatching(/audit_log is insert-only/) };
    expect(await refusal(t.db.update(auditLog).set({ action: "test.tampered" }).where(eq(auditLog.id, rows[0]!.id)))).toEqual(refused);
    expect(await refusal(t.db.delete(auditLog).where(eq(auditLog.id, rows[0]!.id)))).toEqual(refused);
    expect(await refusal(t.pool.query("truncate audit_log"))).toEqual(refused);

    const after = await t.db.select().from(auditLog).where(eq(auditLog.id, rows[0]!.id));
    expect(after[0]?.action).toBe("test.inserted");
  });
});
