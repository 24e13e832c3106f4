// Workspace settings → OAuth apps: the client secret is sealed (never in any column or audit entry
// as text), an empty secret keeps the stored one, a new app needs one, removing crypto-shreds it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Staff } from "@/lib/auth/staff";
import { workspaces } from "@/lib/db/schema";
import { randomBytes } from "node:crypto";
import { findOAuthApp, LocalKeyProvider, openOAuthApp, parseKeyring, setKeyProvider } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

vi.mock("@/auth", () => ({ sessionStaff: async () => null }));
const { saveOAuthAppOp, removeOAuthAppOp } = await import("./settings");

const admin: Staff = { id: "staff_admin", email: "admin@support.test", name: null, role: "admin", workspaceIds: null, ip: "198.51.100.2", userAgent: "vitest" };
const SECRET = "CANARY-oauth-client-secret-91f3";

describe(`OAuth apps from the dashboard (${testDbKind()})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    setKeyProvider(new LocalKeyProvider(parseKeyring(`a:${randomBytes(32).toString("base64")}`)));
    await t.db.insert(workspaces).values({ id: "ws_o", slug: "o", name: "Omega" });
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function everything(): Promise<string> {
    const tables = ["oauth_apps", "audit_log", "workspaces"];
    let text = "";
    for (const n of tables) text += (await t.db.execute<{ r: string }>(sql.raw(`select t::text as r from ${n} t`))).rows.map((r) => r.r).join("\n");
    return text;
  }

  it("refuses a new app without its secret and an unknown provider", async () => {
    await expect(saveOAuthAppOp(admin, "ws_o", { provider: "justworks", clientId: "abc" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(saveOAuthAppOp(admin, "ws_o", { provider: "personio", clientId: "abc", clientSecret: "x" })).rejects.toThrow();
  });

  it("seals the secret, shows only its last characters, keeps it when left empty", async () => {
    await saveOAuthAppOp(admin, "ws_o", { provider: "justworks", clientId: "client-1", clientSecret: SECRET, preferred: false });
    const view = await findOAuthApp(t.db, "ws_o", "justworks");
    expect(view).toMatchObject({ clientId: "client-1", preferred: false, hasSecret: true, secretFingerprint: "91f3" });
    expect(await everything()).not.toContain(SECRET);
    await saveOAuthAppOp(admin, "ws_o", { provider: "justworks", clientId: "client-2", clientSecret: "", preferred: true });
    const opened = await openOAuthApp(t.db, "ws_o", "justworks");
    expect(opened!.clientId).toBe("client-2");
    expect(opened!.clientSecret.reveal()).toBe(SECRET);
    expect(JSON.stringify(opened)).not.toContain(SECRET);
  });

  it("removing crypto-shreds the secret", async () => {
    expect(await removeOAuthAppOp(admin, "ws_o", "justworks")).toEqual({ removed: true });
    expect(await findOAuthApp(t.db, "ws_o", "justworks")).toBeUndefined();
    expect(await openOAuthApp(t.db, "ws_o", "justworks")).toBeUndefined();
    const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from oauth_apps where ciphertext is not null`);
    expect(rows[0]!.n).toBe(0);
  });
});
