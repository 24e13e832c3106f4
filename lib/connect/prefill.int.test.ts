// Pre-filled flows through the session API: non-secret values and confirmed prerequisites are
// stored and reach the wizard; a secret field, an unknown field, a provider the session does not
// offer are refused with a 400 naming the field, and nothing is saved.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createSession } from "@/app/api/v1/connect/sessions/route";
import { toWizardProvider } from "@/app/(connect)/connect/[token]/load";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { hashSessionToken } from "@/lib/connect/session";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { connections, connectSessions, type Workspace } from "@/lib/db/schema";
import { getProvider } from "@/lib/providers";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const post = (body: unknown, key: string) =>
  createSession(
    new Request("http://localhost:3000/api/v1/connect/sessions", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({}) },
  );

describe(`pre-filled sessions on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: Workspace;
  let key: string;
  const endUser = { id: "cust-prefill" };
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await insertWorkspace(t.db, { name: "Vendor P", origins: ["https://p.example"] });
    key = (await insertApiKey(t.db, { workspaceId: ws.id, permissions: ["sessions:write"] })).key;
    await t.db.insert(connections).values({ id: "conn_p0", workspaceId: ws.id, endUserId: endUser.id, provider: "hrworks" });
  });
  afterAll(async () => {
    await t?.drop();
  });
  const count = async () => (await t.db.select({ id: connectSessions.id }).from(connectSessions).where(eq(connectSessions.workspaceId, ws.id))).length;

  it("stores non-secret values and confirmed prerequisites; the wizard gets them, the prerequisites step is skipped", async () => {
    await resetApiRateLimits();
    const res = await post(
      {
        end_user: endUser,
        providers: ["personio"],
        language: "de",
        prefill: { personio: { fields: { subdomain: "mueller.app.personio.com", clientId: "papi-4711" }, confirmed: ["plan", "rights"] } },
      },
      key,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.tokenHash, hashSessionToken(token)));
    expect(row!.prefill).toEqual({ personio: { fields: { subdomain: "mueller.app.personio.com", clientId: "papi-4711" }, confirmed: ["plan", "rights"] } });
    expect(row!.language).toBe("de");
    const view = toWizardProvider(getProvider("personio")!, row!, "de");
    expect(view.prefill).toEqual({ values: { subdomain: "mueller.app.personio.com", clientId: "papi-4711" }, prerequisitesConfirmed: true });
    expect(view.prerequisites).toEqual([]);
  });

  it("a partly confirmed provider keeps the prerequisites still to confirm", async () => {
    await resetApiRateLimits();
    const res = await post({ end_user: endUser, providers: ["personio"], prefill: { personio: { confirmed: ["plan"] } } }, key);
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const [row] = await t.db.select().from(connectSessions).where(eq(connectSessions.tokenHash, hashSessionToken(token)));
    const view = toWizardProvider(getProvider("personio")!, row!, "en");
    expect(view.prefill).toEqual({ values: {}, prerequisitesConfirmed: false });
    expect(view.prerequisites).toHaveLength(1);
  });

  const refusals: Array<[string, Record<string, unknown>, string, RegExp, RegExp?]> = [
    ["a secret field", { providers: ["personio"], prefill: { personio: { fields: { clientSecret: "CANARY-prefill-secret" } } } }, "prefill.personio.fields.clientSecret", /secret/, /prefill\.personio\.fields\.clientSecret is a secret field/],
    ["HR WORKS' secret key beside a fine field", { prefill: { hrworks: { fields: { accessKey: "AK", secretAccessKey: "CANARY-prefill-secret" } } } }, "prefill.hrworks.fields.secretAccessKey", /secret/, /secret field/],
    ["an unknown field", { providers: ["personio"], prefill: { personio: { fields: { tenant: "acme" } } } }, "prefill.personio.fields.tenant", /has no field "tenant"/],
    ["a value the field refuses", { providers: ["personio"], prefill: { personio: { fields: { subdomain: "no such address!" } } } }, "prefill.personio.fields.subdomain", /Personio address/],
    ["a provider the session does not offer", { providers: ["hrworks"], prefill: { personio: { fields: { clientId: "x" } } } }, "prefill.personio", /does not offer it/],
    ["a reconnect pre-filling another provider", { connection_id: "conn_p0", prefill: { personio: { confirmed: ["plan"] } } }, "prefill.personio", /reconnect keeps the connection's provider/],
    ["an undeclared prerequisite", { providers: ["personio"], prefill: { personio: { confirmed: ["budget"] } } }, "prefill.personio.confirmed.0", /./],
    ["an unknown provider", { prefill: { workday: { fields: {} } } }, "prefill", /./],
  ];
  it.each(refusals)("refuses %s with a 400 naming the field, saving nothing", async (_name, body, field, fieldMessage, message) => {
    await resetApiRateLimits();
    const before = await count();
    const res = await post({ end_user: endUser, ...body }, key);
    const text = await res.text();
    expect(res.status, text).toBe(400);
    const err = (JSON.parse(text) as { error: { code: string; message: string; fields: Record<string, string[]> } }).error;
    expect(err.code).toBe("invalid_input");
    expect(Object.keys(err.fields)).toContain(field);
    expect(err.fields[field]!.join(" ")).toMatch(fieldMessage);
    if (message) expect(err.message).toMatch(message);
    // The refused secret never comes back out.
    expect(text).not.toContain("CANARY-prefill-secret");
    expect(await count()).toBe(before);
  });
});
