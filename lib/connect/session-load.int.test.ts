// Session creation under concurrent load, the workload behind the end-to-end tests' old retry of
// "a 500 from session creation (a TypeError)": 200 creations at once while other connections run
// short transactions (as pg-boss and the outbox relay do). On @electric-sql/pglite-socket 0.2,
// which the embedded database used until lib/db/embedded-server.ts replaced it, this failed with
// "TypeError: Cannot read properties of undefined (reading 'id')" in createConnectSession: that
// server interleaved the extended-protocol messages of different connections outside explicit
// transactions, so one connection's Bind/Execute ran another's unnamed statement and the INSERT …
// RETURNING came back without its row (and other creations failed in the audit insert). See
// docs/platform-notes.md (the embedded database's protocol front).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/v1/connect/sessions/route";
import { API_RATE_LIMITS, resetApiRateLimits } from "@/lib/api/rate-limit";
import { createConnectSession } from "@/lib/connect/session";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { auditLog, connectSessions, type Workspace } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const N = 200;

describe(`session creation under concurrent load on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: Workspace;
  let key: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await insertWorkspace(t.db, { name: "Load Vendor", origins: ["https://load.example"] });
    key = (await insertApiKey(t.db, { workspaceId: ws.id, permissions: ["sessions:write"] })).key;
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** Three connections running short transactions until `work` settles; returns their errors. */
  async function whileTransactionsRun<T>(work: () => Promise<T>): Promise<{ result: T; background: string[] }> {
    let stop = false;
    const background: string[] = [];
    const loop = async (k: number) => {
      while (!stop)
        await t.db
          .transaction(async (tx) => {
            await tx.execute(sql`select ${k}::int as a, ${"x"}::text as b`);
            await tx.execute(sql`select count(*) from connect_sessions where workspace_id = ${ws.id}`);
          })
          .catch((e: Error) => background.push(e.message));
    };
    const loops = Promise.all([loop(1), loop(2), loop(3)]);
    try {
      return { result: await work(), background };
    } finally {
      stop = true;
      await loops;
    }
  }

  it(`creates ${N} sessions at once through createConnectSession, each with its row and audit entry`, async () => {
    const { result, background } = await whileTransactionsRun(() =>
      Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          createConnectSession(t.db, { workspace: ws, actor: { type: "api_key", id: "key_load" }, input: { endUser: { id: `load-${i}` } } }),
        ),
      ),
    );
    const failed = result.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.stack ?? r.reason)] : []));
    expect(failed).toEqual([]);
    expect(background).toEqual([]);
    const ids = result.map((r) => (r.status === "fulfilled" ? r.value.session.id : ""));
    expect(new Set(ids).size).toBe(N);
    const [rows] = await t.db.select({ n: sql<number>`count(*)::int` }).from(connectSessions).where(sql`${connectSessions.endUserId} like 'load-%'`);
    expect(rows!.n).toBe(N);
    const [audits] = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.targetId} in ${ids}`);
    expect(audits!.n).toBe(N);
  });

  it(`answers ${N} concurrent API requests with 201 or 429, never a 500`, async () => {
    await resetApiRateLimits();
    const { result, background } = await whileTransactionsRun(() =>
      Promise.all(
        Array.from({ length: N }, async (_, i) => {
          const res = await createSessionRoute(
            new Request("http://localhost:3000/api/v1/connect/sessions", {
              method: "POST",
              body: JSON.stringify({ end_user: { id: `route-${i}` } }),
              headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
            }),
          );
          return { status: res.status, body: res.status === 201 ? "" : await res.text() };
        }),
      ),
    );
    expect(background).toEqual([]);
    expect(result.filter((r) => r.status !== 201 && r.status !== 429)).toEqual([]);
    // Session creations a minute per key: the rest are refused politely.
    expect(result.filter((r) => r.status === 201).length).toBe(Math.min(N, API_RATE_LIMITS.session.points));
  });
});
