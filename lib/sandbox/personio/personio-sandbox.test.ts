import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { expectContract } from "@/lib/sandbox/testing";

let server: SandboxServer;

async function auth(clientId: string, form = false): Promise<string> {
  const res = form
    ? await fetch(`${server.url}/v1/auth`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ client_id: clientId, client_secret: PERSONIO_SANDBOX_SECRET }) })
    : await fetch(`${server.url}/v1/auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: clientId, client_secret: PERSONIO_SANDBOX_SECRET }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { token: string } }).data.token;
}
const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  server = await serveSandbox(createPersonioSandbox());
});
afterAll(async () => {
  await expectContract("personio", server);
  await server.close();
});

describe("Personio simulator", () => {
  it("accepts JSON and form bodies at /v1/auth and echoes the token on data answers", async () => {
    const token = await auth("personio-sandbox-all", true);
    expect(token).toMatch(/^papi-/);
    const res = await get("/v1/company/employees?limit=2&offset=0", token);
    expect(res.headers.get("authorization")).toBe(`Bearer ${token}`);
    const body = (await res.json()) as { metadata: { total_elements: number; total_pages: number }; data: unknown[]; limit: number };
    expect(body).toMatchObject({ success: true, limit: 2, metadata: { total_elements: 3, total_pages: 2 } });
    expect(body.data).toHaveLength(2);
    const page2 = (await (await get("/v1/company/employees?limit=2&offset=2", token)).json()) as { data: unknown[] };
    expect(page2.data).toHaveLength(1);
    expect((await get("/v1/company/employees?limit=101", token)).status).toBe(400);
  });

  it("silently leaves out attributes that are not whitelisted", async () => {
    const token = await auth("personio-sandbox-attributes-missing");
    const body = (await (await get("/v1/company/employees?limit=1", token)).json()) as { data: Array<{ attributes: Record<string, unknown> }> };
    expect(Object.keys(body.data[0]!.attributes)).toContain("first_name");
    expect(Object.keys(body.data[0]!.attributes)).not.toContain("department");
    const attrs = (await (await get("/v1/company/employees/attributes", token)).json()) as { data: Array<{ key: string }> };
    expect(attrs.data.map((a) => a.key)).not.toContain("hire_date");
  });

  it("answers the documented v1 errors", async () => {
    expect(await (await get("/v1/company/employees")).json()).toEqual({ success: false, error: { code: 401, message: "Authorization is not provided" } });
    expect(await (await get("/v1/company/employees", "papi-forged")).json()).toEqual({ success: false, error: { code: 403, message: "Provided authorization is not valid" } });
    const token = await auth("personio-sandbox-no-attendances");
    const denied = await get("/v1/company/attendances?start_date=2025-01-01&end_date=2025-01-31", token);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { message: "personio.core.api.exceptions.api.forbidden.http.exception" } });
    const all = await auth("personio-sandbox-all");
    expect((await get("/v1/company/attendances", all)).status).toBe(400);
  });
});
