// When the wizard counts as opened (load.ts, openingEvent): a wizard shown as it loads records it
// from the page; one prepared hidden by connect.js records it through reportShown, when the host
// page shows it. Preparing or showing never uses the session up nor moves its expiry.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectSession } from "@/lib/connect/session";
import { connectSessions, sessionEvents, workspaces, type ConnectSession, type Workspace } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { openingEvent, type SessionState } from "./load";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-latchkey-client-ip": "203.0.113.61", "user-agent": "vitest", "accept-language": "en" }),
}));

const { reportShown, reportStep } = await import("./actions");

let t: TestDatabase;
let workspace: Workspace;

beforeAll(async () => {
  t = await createTestDatabase();
  const [ws] = await t.db.insert(workspaces).values({ id: newId("ws"), slug: newId("s"), name: "Acme", allowedOrigins: ["https://app.acme.example"] }).returning();
  workspace = ws!;
});
afterAll(async () => {
  await t?.drop();
});

async function session(input: Parameters<typeof createConnectSession>[1]["input"] = {}) {
  return createConnectSession(t.db, { workspace, input: { endUser: { id: newId("u") }, providers: ["hrworks"], ...input }, actor: { type: "system" } });
}
const eventsOf = (id: string) => t.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, id)).orderBy(sessionEvents.id);
const rowOf = async (id: string) => (await t.db.select().from(connectSessions).where(eq(connectSessions.id, id)))[0]!;

describe("openingEvent, the one rule of what opening records", () => {
  const s = { id: "cs_x", workspaceId: "ws_x" } as ConnectSession;
  const ws = {} as Workspace;
  const cases: Array<[string, SessionState, { connectionGone?: boolean }, unknown]> = [
    ["a usable session", { kind: "ok", session: s, workspace: ws, lang: "en" }, {}, { type: "opened", step: "opened" }],
    ["a reconnect whose connection is gone", { kind: "ok", session: s, workspace: ws, lang: "en" }, { connectionGone: true }, { type: "error", step: "opened", code: "not_found" }],
    ["an expired session", { kind: "error", code: "session_expired", session: s, workspace: ws, lang: "en" }, {}, { type: "error", step: "opened", code: "session_expired" }],
    ["a used session", { kind: "error", code: "session_used", session: s, workspace: ws, lang: "en" }, {}, { type: "error", step: "opened", code: "session_used" }],
    ["a withdrawn session", { kind: "error", code: "session_revoked", session: s, workspace: ws, lang: "en" }, {}, { type: "error", step: "opened", code: "session_revoked" }],
    ["an unknown token", { kind: "error", code: "not_found", lang: "en" }, {}, null],
    ["a service user's saved state", { kind: "state", session: s, workspace: ws, lang: "en", connection: {} as never }, {}, null],
  ];
  it.each(cases)("%s", (_name, state, opts, expected) => {
    const got = openingEvent(state, opts);
    expect(got ? got.event : null).toEqual(expected);
    if (got) expect(got.session).toBe(s);
  });
});

describe("reportShown: a prepared wizard, shown", () => {
  it("records one 'opened' and nothing else; the session stays unused with its expiry", async () => {
    const { token, session: created } = await session();
    // Prepared and not yet shown: the page records nothing and the wizard reports no step.
    expect(await eventsOf(created.id)).toEqual([]);
    await reportShown(token);
    const events = await eventsOf(created.id);
    expect(events.map((e) => [e.type, e.step, e.code])).toEqual([["opened", "opened", null]]);
    const row = await rowOf(created.id);
    expect(row.usedAt).toBeNull();
    expect(row.expiresAt.getTime()).toBe(created.expiresAt.getTime());
    expect(row.lastStep).toBe("opened");
    // Then its steps, after the opening.
    await reportStep(token, "prerequisites", "hrworks");
    expect((await eventsOf(created.id)).map((e) => e.type)).toEqual(["opened", "step"]);
  });

  it("records the error the admin sees when the session cannot be used", async () => {
    const { token, session: created } = await session();
    await t.db.update(connectSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(connectSessions.id, created.id));
    await reportShown(token);
    expect((await eventsOf(created.id)).map((e) => [e.type, e.step, e.code])).toEqual([["error", "opened", "session_expired"]]);
  });

  it("records nothing for an unknown token or a non-string", async () => {
    const before = (await t.db.select().from(sessionEvents)).length;
    await reportShown("A".repeat(43));
    await reportShown(42);
    expect((await t.db.select().from(sessionEvents)).length).toBe(before);
  });
});
