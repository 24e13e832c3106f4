import { describe, expect, it } from "vitest";
import { validateExchange } from "@/lib/sandbox/contract";
import type { RecordedExchange } from "@/lib/sandbox/serve";

const ex = (over: Partial<RecordedExchange>): RecordedExchange => ({
  method: "GET",
  path: "/v2/organization-units",
  query: "",
  requestBody: "",
  requestHeaders: {},
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ organizationUnits: [{ number: "1", name: "HQ" }] }),
  ...over,
});

describe("validateExchange (the contract check itself)", () => {
  it("accepts a response that matches the HR WORKS spec", async () => {
    expect(await validateExchange("hrworks", ex({}))).toMatchObject({ ok: true, operation: "GET /v2/organization-units" });
  });
  it("rejects a wrong type inside the body", async () => {
    const r = await validateExchange("hrworks", ex({ body: JSON.stringify({ organizationUnits: [{ number: 1, name: "HQ" }] }) }));
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toContain("/organizationUnits/0/number");
  });
  it("rejects an undocumented path and a wrong content type", async () => {
    expect((await validateExchange("hrworks", ex({ path: "/v2/not-a-thing" }))).ok).toBe(false);
    expect((await validateExchange("hrworks", ex({ headers: { "content-type": "text/html" } }))).ok).toBe(false);
  });
  it("checks the error answer to an undocumented path against the API-wide error shape", async () => {
    const apiError = JSON.stringify({ errorCode: 404, type: "InvalidEndpointError", errorMessage: "x", additionalErrors: [] });
    expect((await validateExchange("hrworks", ex({ path: "/v2/not-a-thing", status: 404, body: apiError }))).ok).toBe(true);
    expect((await validateExchange("hrworks", ex({ path: "/v2/not-a-thing", status: 404, body: JSON.stringify({ errorCode: "404" }) }))).ok).toBe(false);
    expect((await validateExchange("hrworks", ex({ path: "/v2/not-a-thing", status: 404, body: "<html>" }))).ok).toBe(false);
  });
  it("prefers literal paths over templates and validates ApiError bodies", async () => {
    const r = await validateExchange("hrworks", ex({ path: "/v2/persons/master-data", status: 403, body: JSON.stringify({ errorCode: "403", type: "PermissionDeniedError" }) }));
    expect(r.operation).toBe("GET /v2/persons/master-data");
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toContain("/errorCode");
  });
  it("checks Personio bodies against the v1 specs, auth included", async () => {
    const good = await validateExchange("personio", ex({ method: "POST", path: "/v1/auth", body: JSON.stringify({ success: true, data: { token: "papi-x" } }) }));
    expect(good).toMatchObject({ ok: true, operation: "POST /auth" });
    const bad = await validateExchange("personio", ex({ method: "POST", path: "/v1/auth", body: JSON.stringify({ success: true, data: { expires_in: 1 } }) }));
    expect(bad.ok).toBe(false);
    const categories = await validateExchange("personio", ex({ path: "/v1/company/document-categories", body: JSON.stringify({ success: true, data: [{ id: "one", type: "DocumentCategory", attributes: { name: "x" } }] }) }));
    expect(categories.ok).toBe(false);
  });
  it("checks Personio v2 bodies against the v2 schemas written from the facts, errors against Personio's common components", async () => {
    const list = (item: unknown) => JSON.stringify({ _data: [item], _meta: { links: { self: { href: "https://api.personio.de/v2/persons?limit=1" } } } });
    const person = await validateExchange("personio", ex({ path: "/v2/persons", body: list({ id: "1", first_name: "A", status: "ACTIVE" }) }));
    expect(person).toMatchObject({ ok: true, operation: "GET /persons" });
    // A field the facts do not name (a v1 attribute leaking into v2), a wrong enum, a relative link in _meta.
    expect((await validateExchange("personio", ex({ path: "/v2/persons", body: list({ id: "1", department: "x" }) }))).ok).toBe(false);
    expect((await validateExchange("personio", ex({ path: "/v2/persons", body: list({ id: "1", status: "active" }) }))).ok).toBe(false);
    expect((await validateExchange("personio", ex({ path: "/v2/persons", body: JSON.stringify({ _data: [], _meta: { links: { self: { href: "/v2/persons" } } } }) }))).ok).toBe(false);
    const period = { id: "6f1c2a4e-0b7d-4c1e-9a51-2f3d4e5a6b7c", person: { id: "1" }, type: "WORK", start: { date_time: "2026-12-03T09:00:00" }, end: null };
    expect((await validateExchange("personio", ex({ path: "/v2/attendance-periods", body: list(period) }))).ok).toBe(true);
    expect((await validateExchange("personio", ex({ path: "/v2/attendance-periods", body: list({ ...period, type: "LUNCH" }) }))).ok).toBe(false);
    const problem = (errors: unknown) => ex({ path: "/v2/absence-periods", status: 403, headers: { "content-type": "application/problem+json" }, body: JSON.stringify({ personio_trace_id: "t", timestamp: "2026-12-03T09:00:00Z", errors }) });
    expect((await validateExchange("personio", problem([{ title: "Insufficient access scope", detail: "Client scope insufficient to access resource" }]))).ok).toBe(true);
    expect((await validateExchange("personio", problem([]))).ok).toBe(false);
    expect((await validateExchange("personio", { ...problem([{ title: "x", detail: "y" }]), headers: { "content-type": "application/json" } })).ok).toBe(false);
    const token = (body: unknown, status = 200) => ex({ method: "POST", path: "/v2/auth/token", status, headers: { "content-type": status === 200 ? "application/json" : "application/problem+json" }, body: JSON.stringify(body) });
    expect((await validateExchange("personio", token({ access_token: "papi-x", token_type: "Bearer", expires_in: 86400 }))).ok).toBe(true);
    expect((await validateExchange("personio", token({ token_type: "Bearer" }))).ok).toBe(false);
    expect((await validateExchange("personio", token({ error: "wrong_password" }, 400))).ok).toBe(false);
  });
});
