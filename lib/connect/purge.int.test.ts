import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredSessions } from "@/lib/connect/purge";
import { createConnectSession, recordSessionEvent } from "@/lib/connect/session";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { connectSessions, sessionEvents } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

describe(`session purge on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("removes sessions expired beyond retention with their events, and nothing else", async () => {
    const ws = await insertWorkspace(t.db, { name: "P", origins: ["https://p.example"] });
    const make = async (expiredDaysAgo: number) => {
      const { session } = await createConnectSession(t.db, { workspace: ws, actor: { type: "system" }, input: { endUser: { id: "u" } } });
      await recordSessionEvent(t.db, session, { type: "opened" });
      await t.db.update(connectSessions).set({ expiresAt: new Date(Date.now() - expiredDaysAgo * 86400_000) }).where(eq(connectSessions.id, session.id));
      return session.id;
    };
    const old = [await make(120), await make(91), await make(95)];
    const keep = [await make(89), await make(1), await make(-1)];
    expect(await purgeExpiredSessions(t.db, 90, 2)).toBe(3);
    const left = (await t.db.select({ id: connectSessions.id }).from(connectSessions)).map((r) => r.id).sort();
    expect(left).toEqual([...keep].sort());
    for (const id of old) expect(await t.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, id))).toEqual([]);
    expect(await purgeExpiredSessions(t.db, 90)).toBe(0);
  });
});
