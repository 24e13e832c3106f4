import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearFramingCache, connectTokenOf, DENY_FRAMING, frameAncestorsFor, framingHeaders } from "@/lib/connect/framing";
import { createConnectSession } from "@/lib/connect/session";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { connectSessions } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/db";

describe(`framing policy on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(() => clearFramingCache());

  it("case 17, 21: lets exactly the session's workspace origins frame the wizard", async () => {
    const ws = await insertWorkspace(t.db, { name: "A", origins: ["https://app.a.example", "http://localhost:3001"] });
    const other = await insertWorkspace(t.db, { name: "B", origins: ["https://b.example"] });
    const { token } = await createConnectSession(t.db, { workspace: ws, actor: { type: "system" }, input: { endUser: { id: "x" } } });
    const { token: tokenB } = await createConnectSession(t.db, { workspace: other, actor: { type: "system" }, input: { endUser: { id: "x" } } });
    expect(await framingHeaders(t.db, `/connect/${token}`)).toEqual({ "content-security-policy": "frame-ancestors https://app.a.example http://localhost:3001", "referrer-policy": "no-referrer" });
    expect(await framingHeaders(t.db, `/connect/${tokenB}/justworks`)).toEqual({ "content-security-policy": "frame-ancestors https://b.example", "referrer-policy": "no-referrer" });
  });

  it("keeps framing an expired or used session for its workspace, so the wizard can explain", async () => {
    const ws = await insertWorkspace(t.db, { name: "C", origins: ["https://c.example"] });
    const { token, session } = await createConnectSession(t.db, { workspace: ws, actor: { type: "system" }, input: { endUser: { id: "x" } } });
    await t.db.update(connectSessions).set({ expiresAt: new Date(0), usedAt: new Date() }).where(eq(connectSessions.id, session.id));
    expect((await framingHeaders(t.db, `/connect/${token}`))["content-security-policy"]).toBe("frame-ancestors https://c.example");
  });

  it("case 17: denies framing for unknown tokens and every other route", async () => {
    expect(await framingHeaders(t.db, `/connect/${"A".repeat(43)}`)).toEqual({ "content-security-policy": DENY_FRAMING, "referrer-policy": "no-referrer" });
    for (const p of ["/", "/dashboard", "/demo", "/api/v1/connections", "/connect.js", "/connect/short"]) {
      expect(await framingHeaders(t.db, p)).toEqual({ "content-security-policy": DENY_FRAMING, "x-frame-options": "DENY" });
    }
  });

  it("case 17: never lets a stored value inject CSP syntax", () => {
    expect(frameAncestorsFor(["https://ok.example", "https://x.example; script-src *", "*", "'self'"])).toBe("frame-ancestors https://ok.example");
    expect(frameAncestorsFor([])).toBe(DENY_FRAMING);
    expect(connectTokenOf("/connect/abc")).toBeNull();
  });
});
