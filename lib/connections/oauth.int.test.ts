// The OAuth flow end to end against the Justworks OAuth simulator served on a loopback port: the
// consent page (Allow/Deny), the callback's state checks, the code exchange, the scope comparison,
// the save, the refresh lock across two database pools, a revoked refresh token, revocation on delete,
// and that no token ever comes out (outcome, session events, audit, events, log lines).
import { and, count, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createConnectSession } from "@/lib/connect/session";
import { deleteConnection } from "@/lib/connections/delete";
import { proxyCall } from "@/lib/connections/passthrough";
import { completeAuthorization, refreshConnectionTokens, startAuthorization, connectionsDueForRefresh, type CallbackResult } from "@/lib/connections/oauth";
import { refreshDueTokens } from "@/lib/connections/oauth-refresh";
import { hasCredentialCheck, recheck } from "@/lib/connections/recheck";
import { checkRuns } from "@/lib/db/schema";
import { createPool, schema, type Db } from "@/lib/db";
import { auditLog, connections, connectSessions, credentials, events, oauthStates, workspaces, type ConnectSession, type Workspace } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { newId } from "@/lib/ids";
import { getProvider } from "@/lib/providers";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { createJustworksOAuthSimulator, JUSTWORKS_SANDBOX_CLIENT_ID, JUSTWORKS_SANDBOX_CLIENT_SECRET, type JustworksOAuthSimulator } from "@/lib/sandbox/justworks/oauth";
import { openCredential, saveOAuthApp } from "@/lib/vault";
import { setKeyProvider } from "@/lib/vault/state";
import { newKey, providerOf } from "@/lib/vault/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let t: TestDatabase;
let sim: JustworksOAuthSimulator;
let server: SandboxServer;
let workspace: Workspace;
const logLines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/log")>();
  const { Writable: W } = await import("node:stream");
  const logger = m.createLogger({ level: "debug", destination: new W({ write: (chunk, _e, cb) => (logLines.push(String(chunk)), cb()) }) });
  return { ...m, getLogger: () => logger };
});
const justworks = () => getProvider("justworks")!;

async function newSession(ws: Workspace = workspace): Promise<ConnectSession> {
  return (await createConnectSession(t.db, { workspace: ws, input: { endUser: { id: "customer-1", name: "Acme" }, providers: ["justworks"] }, actor: { type: "system" } })).session;
}

/** The admin's answer on the consent page: the callback's query, as the provider redirects to it. */
async function consent(authorizeUrl: string, decision: "allow" | "deny", account = "acme"): Promise<{ state: string | null; code: string | null; error: string | null }> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Allow");
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set("decision", decision);
  form.set("account", account);
  const res = await fetch(authorizeUrl, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3799/oauth/callback");
  return { state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error") };
}

async function start(session: ConnectSession, now?: Date): Promise<string> {
  const started = await startAuthorization(t.db, { session, provider: justworks(), display: "popup", scopes: { required: ["employees", "departments"], optional: [] }, ...(now ? { now } : {}) });
  if (!("url" in started)) throw new Error(`no url: ${started.failure}`);
  return started.url;
}

const callback = (q: { state: string | null; code: string | null; error: string | null }) => completeAuthorization(t.db, { ...q, actor: { ip: "203.0.113.7", userAgent: "test" } });

async function counts(ws: Workspace = workspace) {
  const n = async (table: typeof connections | typeof credentials | typeof events) => Number((await t.db.select({ n: count() }).from(table).where(eq(table.workspaceId, ws.id)))[0]!.n);
  return { connections: await n(connections), credentials: await n(credentials), events: await n(events) };
}

async function newWorkspace(secret = JUSTWORKS_SANDBOX_CLIENT_SECRET): Promise<Workspace> {
  const [ws] = await t.db.insert(workspaces).values({ id: newId("ws"), slug: newId("s"), name: "Vendor Inc" }).returning();
  await saveOAuthApp(t.db, { workspaceId: ws!.id, provider: "justworks", clientId: JUSTWORKS_SANDBOX_CLIENT_ID, clientSecret: secret, preferred: true, actor: { type: "system" } });
  return ws!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  sim = createJustworksOAuthSimulator({ slowMs: 3000 });
  server = await serveSandbox(async (req) => (await sim.handler(req)) ?? new Response("not found", { status: 404 }));
  setEnvOverrides({ JUSTWORKS_API_URL: server.url, LATCHKEY_PUBLIC_URL: "http://localhost:3799", PROVIDER_TIMEOUT_MS: "1000" });
  setKeyProvider(providerOf(newKey("a")));
  workspace = await newWorkspace();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

beforeEach(() => server.reset());

/** Every token the simulator issued must appear nowhere outside the sealed credential. */
function expectNoToken(texts: string[]) {
  const all = texts.join("\n");
  expect(all).not.toMatch(/jwat_[A-Za-z0-9_-]{10}/);
  expect(all).not.toMatch(/jwrt_[A-Za-z0-9_-]{10}/);
  expect(all).not.toContain(JUSTWORKS_SANDBOX_CLIENT_SECRET);
}

describe("consent and callback", () => {
  let saved: CallbackResult;
  let replay: { state: string | null; code: string | null; error: string | null };

  it("Allow: exchanges the code, reads the company name, saves the connection with its event, seals the tokens", async () => {
    const session = await newSession();
    const url = await start(session);
    expect(new URL(url).searchParams.get("client_id")).toBe(JUSTWORKS_SANDBOX_CLIENT_ID);
    expect(new URL(url).searchParams.has("scope")).toBe(false); // scopes are fixed at registration
    replay = await consent(url, "allow");
    saved = await callback(replay);
    expect(saved.outcome).toMatchObject({ ok: true, provider: "justworks", accountLabel: "Acme Sandbox Co" });
    const id = (saved.outcome as { connectionId: string }).connectionId;
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(conn).toMatchObject({ status: "active", accountLabel: "Acme Sandbox Co", provider: "justworks" });
    expect(conn!.providerState).toMatchObject({ route: "oauth" });
    expect(conn!.scopeResults).toMatchObject({ employees: { status: "granted" }, departments: { status: "granted" } });
    const evs = await t.db.select().from(events).where(eq(events.connectionId, id));
    expect(evs.map((e) => e.type)).toEqual(["connection.created"]);
    const values = await openCredential(t.db, { workspaceId: workspace.id, connectionId: id, actor: { type: "system" }, reason: "test" });
    expect(values.access_token!.reveal()).toMatch(/^jwat_/);
    expect(values.refresh_token!.reveal()).toMatch(/^jwrt_/);
    const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(s!.usedAt).not.toBeNull();
  });

  it("refuses the same callback again (state reused), saving nothing more", async () => {
    const before = await counts();
    const again = await callback(replay);
    expect(again.outcome).toEqual({ ok: false, code: "state_reused" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a tampered or missing state", async () => {
    const session = await newSession();
    const q = await consent(await start(session), "allow");
    const before = await counts();
    const flipped = q.state!.slice(0, -1) + (q.state!.endsWith("A") ? "B" : "A");
    expect((await callback({ ...q, state: flipped })).outcome).toEqual({ ok: false, code: "state_invalid" });
    expect((await callback({ ...q, state: null })).outcome).toEqual({ ok: false, code: "state_invalid" });
    expect(await counts()).toEqual(before);
    // The untouched state still works once.
    expect((await callback(q)).outcome.ok).toBe(true);
  });

  it("refuses an expired state (older than 10 minutes)", async () => {
    const session = await newSession();
    const q = await consent(await start(session, new Date(Date.now() - 11 * 60 * 1000)), "allow");
    const before = await counts();
    expect((await callback(q)).outcome).toMatchObject({ ok: false, code: "state_expired" });
    expect(await counts()).toEqual(before);
  });

  it("Deny: says so and saves nothing; the session stays usable", async () => {
    const session = await newSession();
    const before = await counts();
    const result = await callback(await consent(await start(session), "deny"));
    expect(result.outcome).toMatchObject({ ok: false, code: "denied" });
    expect(await counts()).toEqual(before);
    const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(s!.usedAt).toBeNull();
    expect(s!.lastErrorCode).toBe("oauth_denied");
  });

  it("narrower scopes than required: nothing saved, the missing scopes named, the tokens handed back", async () => {
    const session = await newSession();
    const before = await counts();
    const revocations = sim.stats.revocations;
    const q = await consent(await start(session), "allow", "narrow");
    const result = await callback(q);
    expect(result.outcome).toMatchObject({ ok: false, code: "missing_scopes" });
    expect((result.outcome as { missingScopes: string[] }).missingScopes.sort()).toEqual(["member.detail:read", "member.employment:read"]);
    expect(await counts()).toEqual(before);
    expect(sim.stats.revocations).toBe(revocations + 2);

    // The same code with a new state of the same session: the provider refuses it as used.
    const q2 = await consent(await start(session), "allow", "narrow");
    const reused = await callback({ ...q2, code: q.code });
    expect(reused.outcome).toMatchObject({ ok: false, code: "code_reused" });
    expect(await counts()).toEqual(before);
  });

  it("a wrong client secret is the vendor's misconfiguration: its own code, shown to support, nothing saved", async () => {
    const ws = await newWorkspace("not-the-secret");
    const session = await newSession(ws);
    const result = await callback(await consent(await start(session), "allow"));
    expect(result.outcome).toMatchObject({ ok: false, code: "client_misconfigured" });
    expect(await counts(ws)).toEqual({ connections: 0, credentials: 0, events: 0 });
    const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(s!.lastErrorCode).toBe("oauth_client_misconfigured");
  });

  it.each([
    ["busy", "provider_rate_limited"],
    ["down", "provider_down"],
    ["slow", "provider_slow"],
  ])("token endpoint of %s → %s, nothing saved", async (account, code) => {
    const session = await newSession();
    const before = await counts();
    const result = await callback(await consent(await start(session), "allow", account));
    expect(result.outcome).toMatchObject({ ok: false, code });
    expect(await counts()).toEqual(before);
  }, 10_000);

  it("no token in the outcomes, session events, audit, outbox or log lines", async () => {
    const audit = await t.db.select().from(auditLog);
    const evs = await t.db.select().from(events);
    const states = await t.db.select().from(oauthStates);
    const sessions = await t.db.select().from(connectSessions);
    expectNoToken([JSON.stringify(saved), JSON.stringify(audit), JSON.stringify(evs), JSON.stringify(states), JSON.stringify(sessions), ...logLines]);
  });
});

describe("refresh", () => {
  async function connected(): Promise<string> {
    const result = await callback(await consent(await start(await newSession()), "allow"));
    return (result.outcome as { connectionId: string }).connectionId;
  }
  const expiresAt = async (id: string) => new Date(((await t.db.select().from(connections).where(eq(connections.id, id)))[0]!.providerState as { expiresAt: string }).expiresAt);
  const companyWith = async (id: string) => {
    const v = await openCredential(t.db, { workspaceId: workspace.id, connectionId: id, actor: { type: "system" }, reason: "test" });
    return fetch(`${server.url}/v1/company`, { headers: { authorization: `Bearer ${v.access_token!.reveal()}` } }).then((r) => r.status);
  };

  it("two instances racing on one connection: one refresh, the other finds fresh tokens; both keep working", async () => {
    const id = await connected();
    const due = new Date((await expiresAt(id)).getTime() - 5 * 60 * 1000);
    const seen = (await connectionsDueForRefresh(t.db, due)).find((c) => c.id === id);
    expect(seen).toBeDefined();
    const poolB = createPool(t.url, 2);
    const dbB = drizzle(poolB, { schema }) as Db;
    const refreshes = sim.stats.refreshes;
    try {
      const results = await Promise.all([
        refreshConnectionTokens(t.db, { workspaceId: workspace.id, connectionId: id, seenExpiresAt: seen!.expiresAt, now: () => due }),
        refreshConnectionTokens(dbB, { workspaceId: workspace.id, connectionId: id, seenExpiresAt: seen!.expiresAt, now: () => due }),
      ]);
      expect(results.sort()).toEqual(["fresh", "refreshed"]);
    } finally {
      await poolB.end();
    }
    expect(sim.stats.refreshes).toBe(refreshes + 1);
    expect(sim.stats.refusedRefreshes).toBe(0);
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(conn!.status).toBe("active");
    const [cred] = await t.db.select().from(credentials).where(eq(credentials.connectionId, id));
    expect(cred!.version).toBe(2);
    expect(await companyWith(id)).toBe(200);
    // The worker's pass finds nothing due now (24 h tokens, 1 h margin).
    expect(await refreshDueTokens(t.db)).toMatchObject({ refreshed: 0, failed: 0 });
    // The refreshed (rotated) refresh token works: a second forced refresh succeeds.
    expect(await refreshConnectionTokens(t.db, { workspaceId: workspace.id, connectionId: id, force: true })).toBe("refreshed");
    expect(await companyWith(id)).toBe(200);
  });

  it("the passthrough calls the Partner API with the current access token, refreshing it first when it is due; no token comes back", async () => {
    const id = await connected();
    const actor = { type: "api_key" as const, id: "key_test" };
    const first = await proxyCall(t.db, { workspaceId: workspace.id, connectionId: id, request: { method: "GET", path: "/v1/company" }, actor });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain("name");
    // Within the refresh margin: the passthrough refreshes (once) before calling.
    const refreshes = sim.stats.refreshes;
    const soon = new Date(Date.now() + 5 * 60 * 1000).toISOString();
    await t.db.update(connections).set({ providerState: sql`jsonb_set(provider_state, '{expiresAt}', to_jsonb(${soon}::text))` }).where(eq(connections.id, id));
    const second = await proxyCall(t.db, { workspaceId: workspace.id, connectionId: id, request: { method: "GET", path: "/v1/members", query: { limit: 1 } }, actor });
    expect(second.status).toBe(200);
    expect(sim.stats.refreshes).toBe(refreshes + 1);
    expect(await expiresAt(id)).not.toEqual(new Date(soon));
    const v = await openCredential(t.db, { workspaceId: workspace.id, connectionId: id, actor: { type: "system" }, reason: "test" });
    expectNoToken([JSON.stringify(first), JSON.stringify(second)]);
    for (const token of [v.access_token!.reveal(), v.refresh_token!.reveal()]) expect(JSON.stringify([first, second])).not.toContain(token);
    // Revoked at the provider: the passthrough says the customer must reconnect, and the connection needs attention.
    sim.revokeAccount("acme");
    await t.db.update(connections).set({ providerState: sql`jsonb_set(provider_state, '{expiresAt}', to_jsonb(${soon}::text))` }).where(eq(connections.id, id));
    await expect(proxyCall(t.db, { workspaceId: workspace.id, connectionId: id, request: { method: "GET", path: "/v1/company" }, actor })).rejects.toMatchObject({ code: "provider_error" });
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(conn!.status).toBe("needs_attention");
  });

  it("a revoked refresh token: needs_attention and exactly one connection.check_failed", async () => {
    const id = await connected();
    sim.revokeAccount("acme");
    expect(await refreshConnectionTokens(t.db, { workspaceId: workspace.id, connectionId: id, force: true })).toBe("revoked");
    expect(await refreshConnectionTokens(t.db, { workspaceId: workspace.id, connectionId: id, force: true })).toBe("revoked");
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(conn!.status).toBe("needs_attention");
    const failed = await t.db.select().from(events).where(and(eq(events.connectionId, id), eq(events.type, "connection.check_failed")));
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.payload)).toContain("invalid_credentials");
  });

  it("a re-check (dashboard, API, daily health check) reads the company with the current token: active, the account label, one check run", async () => {
    const id = await connected();
    expect(hasCredentialCheck(justworks(), (await t.db.select().from(connections).where(eq(connections.id, id)))[0]!)).toBe(true);
    expect(hasCredentialCheck(justworks(), { providerState: {} })).toBe(false); // the service-user route has nothing to check
    const refreshes = sim.stats.refreshes;
    const r = await recheck(id, { workspaceId: workspace.id, trigger: "dashboard", actor: { type: "staff", id: "stf_test" }, db: t.db });
    expect(r).toMatchObject({ kind: "checked", from: "active", status: "active", events: [] }); // the optional scopes OAuth cannot grant stay a warning, as at consent
    expect(r.kind === "checked" && r.check.outcome).toBe("ok");
    expect(r.kind === "checked" && r.check.accountLabel).toBe("Acme Sandbox Co");
    expect(sim.stats.refreshes).toBe(refreshes); // not due: no refresh spent
    const runs = await t.db.select().from(checkRuns).where(eq(checkRuns.connectionId, id));
    expect(runs.filter((x) => x.trigger === "dashboard")).toHaveLength(1);
    expectNoToken([JSON.stringify(r)]);
  });

  it("a grant withdrawn at the company: the re-check finds 401, needs_attention with one event; checking again adds none", async () => {
    const id = await connected();
    sim.revokeAccount("acme");
    const first = await recheck(id, { workspaceId: workspace.id, trigger: "schedule", actor: { type: "system" }, db: t.db });
    expect(first).toMatchObject({ kind: "checked", status: "needs_attention", events: ["connection.check_failed"] });
    expect(first.kind === "checked" && first.check.outcome).toBe("invalid_credentials");
    const second = await recheck(id, { workspaceId: workspace.id, trigger: "schedule", actor: { type: "system" }, db: t.db });
    expect(second).toMatchObject({ kind: "checked", status: "needs_attention", events: [] });
    const failed = await t.db.select().from(events).where(and(eq(events.connectionId, id), eq(events.type, "connection.check_failed")));
    expect(failed).toHaveLength(1);
  });

  it("a re-check when the token is due refreshes it first; a refused refresh is recorded once, by the refresh", async () => {
    const id = await connected();
    const soon = new Date(Date.now() + 5 * 60 * 1000).toISOString();
    const setDue = () => t.db.update(connections).set({ providerState: sql`jsonb_set(provider_state, '{expiresAt}', to_jsonb(${soon}::text))` }).where(eq(connections.id, id));
    await setDue();
    const refreshes = sim.stats.refreshes;
    const ok = await recheck(id, { workspaceId: workspace.id, trigger: "api", actor: { type: "api_key", id: "key_test" }, db: t.db });
    expect(ok).toMatchObject({ kind: "checked", status: "active" });
    expect(sim.stats.refreshes).toBe(refreshes + 1);
    sim.revokeAccount("acme");
    await setDue();
    const before = (await t.db.select().from(checkRuns).where(eq(checkRuns.connectionId, id))).length;
    const revoked = await recheck(id, { workspaceId: workspace.id, trigger: "api", actor: { type: "api_key", id: "key_test" }, db: t.db });
    expect(revoked).toMatchObject({ kind: "checked", status: "needs_attention", events: ["connection.check_failed"] });
    const runs = await t.db.select().from(checkRuns).where(eq(checkRuns.connectionId, id));
    expect(runs).toHaveLength(before + 1);
    expect(runs.filter((x) => x.outcome === "invalid_credentials").map((x) => x.trigger)).toEqual(["api"]);
  });

  it("deleting revokes the tokens at the provider, then crypto-shreds them", async () => {
    const id = await connected();
    const revocations = sim.stats.revocations;
    await deleteConnection(t.db, { workspaceId: workspace.id, connectionId: id, actor: { type: "system" } });
    expect(sim.stats.revocations).toBe(revocations + 2);
    const [cred] = await t.db.select().from(credentials).where(eq(credentials.connectionId, id));
    expect(cred!.shreddedAt).not.toBeNull();
    expect(cred!.ciphertext).toBeNull();
    const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "connection.deleted")));
    expect(entry!.details).toMatchObject({ revokedAtProvider: true });
    const leftover = await t.db.execute(sql`select 1 from oauth_states where outcome::text like '%jwat_%'`);
    expect(leftover.rows).toHaveLength(0);
  });
});
