import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConnectSessionError,
  createConnectSession,
  EMBED_TTL_SECONDS,
  hashSessionToken,
  HOSTED_DEFAULT_TTL_SECONDS,
  markSessionUsed,
  recordSessionEvent,
  resolveConnectSession,
} from "@/lib/connect/session";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { auditLog, connections, connectSessions, sessionEvents, type Workspace } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const actor = { type: "api_key" as const, id: "key_test" };

async function errorOf(p: Promise<unknown>): Promise<ConnectSessionError> {
  try {
    await p;
  } catch (e) {
    return e as ConnectSessionError;
  }
  throw new Error("expected a rejection");
}

describe(`connect sessions on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: Workspace;
  let other: Workspace;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await insertWorkspace(t.db, { name: "Acme Payroll", origins: ["https://app.acme.example"] });
    other = await insertWorkspace(t.db, { name: "Other Vendor", origins: ["https://other.example"] });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("case 25: issues a 256-bit base64url token and stores only its hash", async () => {
    const { token, url, expiresAt, session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "cust-1", name: "Müller GmbH" } } });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(url).toMatch(new RegExp(`/connect/${token}$`));
    const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(row!.tokenHash).toBe(hashSessionToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, session.id));
    expect(audit.map((a) => a.action)).toEqual(["connect_session.created"]);
    expect(JSON.stringify(audit)).not.toContain(token);
    // embed: 30 minutes
    expect(Math.abs(expiresAt.getTime() - Date.now() - EMBED_TTL_SECONDS * 1000)).toBeLessThan(5000);
  });

  it("gives hosted links 7 days by default and honours expires_in within limits", async () => {
    const hosted = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" }, link: "hosted" } });
    expect(Math.abs(hosted.expiresAt.getTime() - Date.now() - HOSTED_DEFAULT_TTL_SECONDS * 1000)).toBeLessThan(5000);
    const day = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" }, link: "hosted", expiresIn: 86400 } });
    expect(Math.abs(day.expiresAt.getTime() - Date.now() - 86400_000)).toBeLessThan(5000);
    await expect(createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" }, link: "embed", expiresIn: 3600 } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" }, link: "hosted", expiresIn: 8 * 86400 } })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("resolves a token to its session and workspace", async () => {
    const { token, session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "cust-2" }, providers: ["personio"], language: "de" } });
    const resolved = await resolveConnectSession(t.db, token);
    expect(resolved.session.id).toBe(session.id);
    expect(resolved.workspace.id).toBe(ws.id);
    expect(resolved.session.providers).toEqual(["personio"]);
  });

  it("refuses unknown and malformed tokens as not_found, in both languages", async () => {
    const unknown = await errorOf(resolveConnectSession(t.db, "A".repeat(43)));
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown.code).toBe("not_found");
    expect(unknown.status).toBe(404);
    expect(unknown.messages.de).toMatch(/ungültig/);
    const malformed = await errorOf(resolveConnectSession(t.db, "../../etc", { lang: "de" }));
    expect(malformed.code).toBe("not_found");
    expect(malformed.message).toBe(malformed.messages.de);
  });

  it("case 24: refuses an expired session with session_expired in the session's language", async () => {
    const { token, session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" }, language: "de" } });
    await t.db.update(connectSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(connectSessions.id, session.id));
    const err = await errorOf(resolveConnectSession(t.db, token));
    expect(err.code).toBe("session_expired");
    expect(err.status).toBe(410);
    expect(err.message).toMatch(/abgelaufen/);
    expect(err.messages.en).toMatch(/expired/);
    await expect(t.db.transaction((tx) => markSessionUsed(tx, session.id))).rejects.toMatchObject({ code: "session_expired" });
  });

  it("case 24, 39: is single use: markSessionUsed wins once, then the token is refused", async () => {
    const { token, session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" } } });
    await t.db.transaction((tx) => markSessionUsed(tx, session.id));
    await expect(t.db.transaction((tx) => markSessionUsed(tx, session.id))).rejects.toMatchObject({ code: "session_used" });
    const err = await errorOf(resolveConnectSession(t.db, token));
    expect(err.code).toBe("session_used");
    // A reopened hosted link may still look at what it created.
    expect((await resolveConnectSession(t.db, token, { allowUsed: true })).session.usedAt).toBeInstanceOf(Date);
  });

  it("case 24: two completions of one session at the same moment: exactly one wins", async () => {
    const { session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "parallel" } } });
    const results = await Promise.allSettled([0, 1].map(() => t.db.transaction((tx) => markSessionUsed(tx, session.id))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "session_used" } });
  });

  it("rolls the use back with the transaction it was part of", async () => {
    const { token, session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" } } });
    await expect(
      t.db.transaction(async (tx) => {
        await markSessionUsed(tx, session.id);
        throw new Error("saving failed");
      }),
    ).rejects.toThrow("saving failed");
    expect((await resolveConnectSession(t.db, token)).session.usedAt).toBeNull();
  });

  it("creates reconnect sessions only for the workspace's own, live connections", async () => {
    await t.db.insert(connections).values([
      { id: "conn_mine", workspaceId: ws.id, endUserId: "cust-9", endUserName: "Nine", provider: "hrworks" },
      { id: "conn_theirs", workspaceId: other.id, endUserId: "cust-9", provider: "hrworks" },
    ]);
    const r = await createConnectSession(t.db, { workspace: ws, actor, input: { connectionId: "conn_mine" } });
    expect(r.session).toMatchObject({ mode: "reconnect", connectionId: "conn_mine", providers: ["hrworks"], endUserId: "cust-9", endUserName: "Nine" });
    await expect(createConnectSession(t.db, { workspace: ws, actor, input: { connectionId: "conn_theirs", endUser: { id: "cust-9" } } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createConnectSession(t.db, { workspace: ws, actor, input: { connectionId: "conn_mine", providers: ["personio"] } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createConnectSession(t.db, { workspace: ws, actor, input: { connectionId: "conn_mine", endUser: { id: "someone-else" } } })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("records funnel events and keeps the last step and error on the session", async () => {
    const { session } = await createConnectSession(t.db, { workspace: ws, actor, input: { endUser: { id: "c" } } });
    await recordSessionEvent(t.db, session, { type: "opened" });
    await recordSessionEvent(t.db, session, { type: "step", step: "credentials", provider: "personio" });
    await recordSessionEvent(t.db, session, { type: "error", step: "result", code: "missing_scopes", provider: "personio" });
    const events = await t.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, session.id)).orderBy(sessionEvents.id);
    expect(events.map((e) => [e.type, e.step, e.code])).toEqual([
      ["opened", null, null],
      ["step", "credentials", null],
      ["error", "result", "missing_scopes"],
    ]);
    const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(row).toMatchObject({ lastStep: "result", lastErrorCode: "missing_scopes" });
    expect(row!.lastActivityAt).toBeInstanceOf(Date);
  });
});
