// Finding 8 and case 25: unknown session tokens are limited per client address (the page, through
// proxy.ts, and the server actions, whose token is an argument), and a valid session writes a
// bounded number of step events.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectSession } from "@/lib/connect/session";
import { sessionEvents, workspaces, type Workspace } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { STEP_EVENT_LIMIT, UNKNOWN_TOKEN_LIMIT } from "@/lib/rate-limit";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const client = vi.hoisted(() => ({ ip: "203.0.113.70" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-latchkey-client-ip": client.ip, "user-agent": "vitest", "accept-language": "en" }),
}));

const { startCheck, reportStep } = await import("./actions");
const { proxy } = await import("@/proxy");

const guess = () => randomBytes(32).toString("base64url");
let t: TestDatabase;
let workspace: Workspace;

beforeAll(async () => {
  t = await createTestDatabase();
  [workspace] = await t.db.insert(workspaces).values({ id: "ws_lim", slug: "lim", name: "Limits", allowedOrigins: ["https://app.example.com"] }).returning() as [Workspace];
});
afterAll(async () => {
  await t?.drop();
});

async function validToken() {
  const created = await createConnectSession(t.db, { workspace, input: { endUser: { id: newId("u") }, providers: ["hrworks"], scopes: ["employees"] }, actor: { type: "system" } });
  return created;
}

describe("unknown session tokens", () => {
  it(`case 25: server actions: ${UNKNOWN_TOKEN_LIMIT.points} unknown tokens from one address are answered alike, then 429 with the wait, for any token`, async () => {
    client.ip = "203.0.113.71";
    const answers = [];
    for (let i = 0; i < UNKNOWN_TOKEN_LIMIT.points; i++) answers.push(await startCheck(guess(), "hrworks", {}));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ ok: false, code: "not_found" });
    const limited = await startCheck(guess(), "hrworks", {});
    expect(limited).toMatchObject({ ok: false, code: "rate_limited" });
    expect((limited as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
    // No oracle: a valid token from the same address gets the same answer while the budget is spent.
    const { token } = await validToken();
    expect(await startCheck(token, "hrworks", {})).toMatchObject({ ok: false, code: "rate_limited" });
    // Other addresses are not affected.
    client.ip = "203.0.113.72";
    expect(await startCheck(guess(), "hrworks", {})).toMatchObject({ ok: false, code: "not_found" });
  });

  it("case 25: the wizard page: unknown tokens from one address get 429 with Retry-After once the budget is spent", async () => {
    const page = (token: string, ip: string) => proxy(new NextRequest(new URL(`/connect/${token}`, "http://localhost:3000"), { headers: { "x-latchkey-client-ip": ip } }));
    const { token } = await validToken();
    for (let i = 0; i < UNKNOWN_TOKEN_LIMIT.points; i++) expect((await page(guess(), "198.51.100.80")).status).not.toBe(429);
    const res = await page(guess(), "198.51.100.80");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    // A valid token's page is not charged, and other addresses are unaffected.
    for (let i = 0; i < UNKNOWN_TOKEN_LIMIT.points + 5; i++) expect((await page(token, "198.51.100.81")).status).not.toBe(429);
    expect((await page(guess(), "198.51.100.81")).status).not.toBe(429);
  });
});

describe("wizard step events", () => {
  it(`a valid session records at most ${STEP_EVENT_LIMIT.points} step events a minute`, async () => {
    client.ip = "203.0.113.90";
    const { token, session } = await validToken();
    for (let i = 0; i < STEP_EVENT_LIMIT.points + 40; i++) await reportStep(token, "provider_selected", "hrworks");
    const rows = await t.db.select().from(sessionEvents).where(and(eq(sessionEvents.sessionId, session.id), eq(sessionEvents.type, "step")));
    expect(rows).toHaveLength(STEP_EVENT_LIMIT.points);
  });
});
