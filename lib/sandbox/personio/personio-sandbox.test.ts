import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { expectContract } from "@/lib/sandbox/testing";

let server: SandboxServer;

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields),
});
const tokenRequest = (fields: Record<string, string>) => fetch(`${server.url}/v2/auth/token`, form(fields));

async function token(clientId: string, scope?: string): Promise<string> {
  const res = await tokenRequest({ grant_type: "client_credentials", client_id: clientId, client_secret: PERSONIO_SANDBOX_SECRET, ...(scope ? { scope } : {}) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}
const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
type Page = { _data: Array<Record<string, unknown>>; _meta: { links: { self: { href: string }; next?: { href: string } } } };

beforeAll(async () => {
  server = await serveSandbox(createPersonioSandbox());
});
afterAll(async () => {
  await expectContract("personio", server);
  await server.close();
});

describe("Personio simulator: v2 token", () => {
  it("issues a bearer token for form-encoded client credentials, with every scope of the client", async () => {
    const res = await tokenRequest({ grant_type: "client_credentials", client_id: "personio-sandbox-no-documents", client_secret: PERSONIO_SANDBOX_SECRET });
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 86_400 });
    expect(body.access_token).toMatch(/^papi-/);
    expect(body.scope.split(" ")).toEqual(expect.arrayContaining(["personio:persons:read", "personio:attendances:read", "personio:absences:read"]));
    expect(body.scope).not.toContain("documents:read");
  });

  it("answers the OAuth2 errors as 400s: content type, missing parameters, unknown client, wrong secret, grant type, scope", async () => {
    const json = await fetch(`${server.url}/v2/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: "personio-sandbox-all", client_secret: PERSONIO_SANDBOX_SECRET }) });
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([400, "invalid_request"]);
    const missing = await tokenRequest({ client_id: "personio-sandbox-all" });
    expect(await missing.json()).toMatchObject({ error: "invalid_request", meta: { missing_parameters: ["grant_type", "client_secret"] } });
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: "client_credentials", client_id: "nobody", client_secret: PERSONIO_SANDBOX_SECRET }, "invalid_client"],
      [{ grant_type: "client_credentials", client_id: "personio-sandbox-all", client_secret: "wrong" }, "unauthorized_client"],
      [{ grant_type: "password", client_id: "personio-sandbox-all", client_secret: PERSONIO_SANDBOX_SECRET }, "unsupported_grant_type"],
      [{ grant_type: "client_credentials", client_id: "personio-sandbox-no-absences", client_secret: PERSONIO_SANDBOX_SECRET, scope: "personio:absences:read" }, "invalid_scope"],
    ];
    for (const [fields, error] of cases) {
      const res = await tokenRequest(fields);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { error: string }).error).toBe(error);
    }
  });

  it("a token asked for with fewer scopes can read only those", async () => {
    const narrow = await token("personio-sandbox-all", "personio:persons:read");
    expect((await get("/v2/persons?limit=1", narrow)).status).toBe(200);
    expect((await get("/v2/absence-periods?limit=1", narrow)).status).toBe(403);
  });
});

describe("Personio simulator: v2 reads", () => {
  it("pages persons with an opaque cursor inside an absolute next link, within the limit bounds", async () => {
    const t = await token("personio-sandbox-all");
    const first = (await (await get("/v2/persons?limit=2", t)).json()) as Page;
    expect(first._data.map((p) => p.id)).toEqual(["1", "2"]);
    const next = first._meta.links.next!.href;
    expect(next).toMatch(new RegExp(`^${server.url}/v2/persons\\?limit=2&cursor=cur_`));
    const second = (await (await get(next.slice(server.url.length), t)).json()) as Page;
    expect(second._data.map((p) => p.id)).toEqual(["3"]);
    expect(second._meta.links.next).toBeUndefined();
    // Default 10, maximum 50 for persons; 100 for attendance periods.
    expect(((await (await get("/v2/persons", t)).json()) as Page)._data).toHaveLength(3);
    expect((await get("/v2/persons?limit=51", t)).status).toBe(400);
    expect((await get("/v2/persons?limit=0", t)).status).toBe(400);
    expect((await get("/v2/attendance-periods?limit=100", t)).status).toBe(200);
    expect((await get("/v2/attendance-periods?limit=101", t)).status).toBe(400);
    // Filters stay on every page: the links repeat them.
    const filtered = (await (await get("/v2/attendance-periods?person.id=1&limit=1", t)).json()) as Page;
    expect(filtered._data.map((a) => (a.person as { id: string }).id)).toEqual(["1"]);
    const rest = (await (await get(filtered._meta.links.next!.href.slice(server.url.length), t)).json()) as Page;
    expect(rest._data.map((a) => (a.person as { id: string }).id)).toEqual(["1"]);
    expect(rest._meta.links.next).toBeUndefined();
    // A cursor is bound to its list, and a forged one is refused.
    const cursor = new URL(next).searchParams.get("cursor")!;
    expect((await get(`/v2/attendance-periods?cursor=${cursor}`, t)).status).toBe(400);
    expect((await get("/v2/persons?cursor=cur_bogus", t)).status).toBe(400);
  });

  it("leaves fields whose readable attribute is not whitelisted out of persons and employments, without an error", async () => {
    const all = (await (await get("/v2/persons/1/employments", await token("personio-sandbox-all"))).json()) as Page;
    expect(all._data[0]).toMatchObject({ employment_start_date: "2020-03-01", position: { title: "Team Lead" } });
    const t = await token("personio-sandbox-attributes-missing");
    const persons = (await (await get("/v2/persons?limit=1", t)).json()) as Page;
    expect(persons._data[0]).toMatchObject({ id: "1", first_name: "Alexandra", email: "alexandra.berg@example.com" });
    const employments = await get("/v2/persons/1/employments", t);
    expect(employments.status).toBe(200);
    const employment = ((await employments.json()) as Page)._data[0]!;
    expect(employment).toHaveProperty("position");
    expect(employment).not.toHaveProperty("employment_start_date");
  });

  it("answers a read without the scope with 403 problem+json, and a missing token with 401", async () => {
    const t = await token("personio-sandbox-no-attendances");
    const denied = await get("/v2/attendance-periods?limit=1", t);
    expect(denied.status).toBe(403);
    expect(denied.headers.get("content-type")).toContain("application/problem+json");
    expect(await denied.json()).toMatchObject({ errors: [{ title: "Insufficient access scope", detail: "Client scope insufficient to access resource" }] });
    expect((await get("/v2/absence-periods?limit=1", t)).status).toBe(200);
    expect((await get("/v2/persons")).status).toBe(401);
    expect((await get("/v2/persons", "papi-forged")).status).toBe(401);
    expect((await get("/v2/persons/999", t)).status).toBe(404);
  });
});

describe("Personio simulator: the v1 reads that remain", () => {
  it("take the v2 token, echo it, and keep the v1 envelopes and errors", async () => {
    const t = await token("personio-sandbox-all");
    const res = await get("/v1/company/employees?limit=2&offset=0", t);
    expect(res.headers.get("authorization")).toBe(`Bearer ${t}`);
    expect(await res.json()).toMatchObject({ success: true, limit: 2, metadata: { total_elements: 3, total_pages: 2 } });
    const attrs = (await (await get("/v1/company/employees/attributes", await token("personio-sandbox-attributes-missing"))).json()) as { data: Array<{ key: string }> };
    expect(attrs.data.map((a) => a.key)).not.toContain("hire_date");
    const denied = await get("/v1/company/document-categories", await token("personio-sandbox-no-documents"));
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { message: "personio.core.api.exceptions.api.forbidden.http.exception" } });
    expect(await (await get("/v1/company/employees")).json()).toEqual({ success: false, error: { code: 401, message: "Authorization is not provided" } });
    expect(await (await get("/v1/company/employees", "papi-forged")).json()).toEqual({ success: false, error: { code: 403, message: "Provided authorization is not valid" } });
  });

  it("no longer serves the v1 calls nothing uses: /v1/auth, attendances, time-offs", async () => {
    const t = await token("personio-sandbox-all");
    expect((await fetch(`${server.url}/v1/auth`, form({ client_id: "personio-sandbox-all", client_secret: PERSONIO_SANDBOX_SECRET }))).status).toBe(404);
    expect((await get("/v1/company/attendances?start_date=2026-12-01&end_date=2026-12-01", t)).status).toBe(404);
    expect((await get("/v1/company/time-offs", t)).status).toBe(404);
  });
});
