// The vendor API's OAuth apps (`/api/v1/oauth-apps`), through the real routes, vault and audit:
// the secret goes in once and never comes back (answers, audit rows, database columns other than
// the sealed ones), a new app needs its secret, permissions, and the OAuth route follows the app.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getApp, DELETE as deleteApp, PUT as putApp } from "@/app/api/v1/oauth-apps/[provider]/route";
import { GET as listApps } from "@/app/api/v1/oauth-apps/route";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { oauthRoute } from "@/lib/connections/oauth";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { auditLog, oauthApps, type Workspace } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { openOAuthApp } from "@/lib/vault";
import { setKeyProvider } from "@/lib/vault/state";
import { newKey, providerOf } from "@/lib/vault/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const CANARY = "jw-secret-CANARY-7f3a9c";
const base = "http://localhost:3000";
const req = (method: string, path: string, key: string, body?: unknown) =>
  new Request(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
const provider = (p: string) => ({ params: Promise.resolve({ provider: p }) });

let t: TestDatabase;
let a: Workspace;
let b: Workspace;
let writeA: string;
let readA: string;
let writeB: string;

beforeAll(async () => {
  t = await createTestDatabase();
  setEnvOverrides({ LATCHKEY_PUBLIC_URL: "https://latchkey.vendor.example" });
  setKeyProvider(providerOf(newKey("a")));
  a = await insertWorkspace(t.db, { name: "Vendor A", origins: ["https://a.example"] });
  b = await insertWorkspace(t.db, { name: "Vendor B", origins: ["https://b.example"] });
  writeA = (await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read", "connections:write"] })).key;
  readA = (await insertApiKey(t.db, { workspaceId: a.id, permissions: ["connections:read"] })).key;
  writeB = (await insertApiKey(t.db, { workspaceId: b.id, permissions: ["connections:read", "connections:write"] })).key;
}, 60_000);
afterAll(async () => {
  setEnvOverrides({});
  await t?.drop();
});
beforeEach(() => resetApiRateLimits());

describe(`/api/v1/oauth-apps on ${process.env.TEST_DB ?? "postgres"}`, () => {
  it("a new app needs its secret: 400 naming the field, nothing stored", async () => {
    const res = await putApp(req("PUT", "/api/v1/oauth-apps/justworks", writeA, { client_id: "cid_1" }), provider("justworks"));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("client secret");
    expect(await t.db.select().from(oauthApps).where(eq(oauthApps.workspaceId, a.id))).toHaveLength(0);
  });

  it("sets the app: the answer shows the redirect URI to register and never the secret; the workspace gets the OAuth route", async () => {
    const res = await putApp(req("PUT", "/api/v1/oauth-apps/justworks", writeA, { client_id: "cid_1", client_secret: CANARY, preferred: true }), provider("justworks"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).not.toContain(CANARY);
    expect(JSON.parse(text)).toMatchObject({ provider: "justworks", client_id: "cid_1", redirect_uri: "https://latchkey.vendor.example/oauth/callback", preferred: true, has_secret: true });
    expect(await oauthRoute(t.db, a.id, "justworks")).toMatchObject({ preferred: true });
    expect((await openOAuthApp(t.db, a.id, "justworks"))!.clientSecret.reveal()).toBe(CANARY);
    // Changing the client id keeps the stored secret.
    const again = await putApp(req("PUT", "/api/v1/oauth-apps/justworks", writeA, { client_id: "cid_2", preferred: false }), provider("justworks"));
    expect(await again.json()).toMatchObject({ client_id: "cid_2", preferred: false, has_secret: true });
    expect((await openOAuthApp(t.db, a.id, "justworks"))!.clientSecret.reveal()).toBe(CANARY);
    // Nothing readable holds the secret: answers, audit rows, the row's plain columns.
    const list = await (await listApps(req("GET", "/api/v1/oauth-apps", readA))).text();
    const one = await (await getApp(req("GET", "/api/v1/oauth-apps/justworks", readA), provider("justworks"))).text();
    const audit = JSON.stringify(await t.db.select().from(auditLog).where(eq(auditLog.workspaceId, a.id)));
    const row = await t.db.select().from(oauthApps).where(eq(oauthApps.workspaceId, a.id));
    for (const s of [list, one, audit, JSON.stringify(row.map((r) => ({ ...r, ciphertext: null })))]) expect(s).not.toContain(CANARY);
    expect(JSON.parse(list).data).toHaveLength(1);
    expect(audit).toContain("oauth_app.created");
    expect(audit).toContain("oauth_app.updated");
  });

  it("needs connections:write to change, and a workspace sees only its own app", async () => {
    const denied = await putApp(req("PUT", "/api/v1/oauth-apps/justworks", readA, { client_id: "x", client_secret: "y" }), provider("justworks"));
    expect(denied.status).toBe(403);
    expect((await getApp(req("GET", "/api/v1/oauth-apps/justworks", writeB), provider("justworks"))).status).toBe(404);
    expect((await (await listApps(req("GET", "/api/v1/oauth-apps", writeB))).json()).data).toEqual([]);
    expect((await deleteApp(req("DELETE", "/api/v1/oauth-apps/justworks", writeB), provider("justworks"))).status).toBe(404);
  });

  it("refuses a provider without an OAuth route and an unknown body field", async () => {
    expect((await putApp(req("PUT", "/api/v1/oauth-apps/personio", writeA, { client_id: "x", client_secret: "y" }), provider("personio"))).status).toBe(400);
    expect((await putApp(req("PUT", "/api/v1/oauth-apps/justworks", writeA, { client_id: "x", secret: "y" }), provider("justworks"))).status).toBe(400);
  });

  it("removes the app: the secret is shredded, the workspace falls back to the other route, a second delete is 404", async () => {
    const res = await deleteApp(req("DELETE", "/api/v1/oauth-apps/justworks", writeA), provider("justworks"));
    expect(res.status).toBe(204);
    expect(await openOAuthApp(t.db, a.id, "justworks")).toBeUndefined();
    expect(await oauthRoute(t.db, a.id, "justworks")).toBeUndefined();
    expect((await getApp(req("GET", "/api/v1/oauth-apps/justworks", readA), provider("justworks"))).status).toBe(404);
    expect((await deleteApp(req("DELETE", "/api/v1/oauth-apps/justworks", writeA), provider("justworks"))).status).toBe(404);
  });
});
