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
});
