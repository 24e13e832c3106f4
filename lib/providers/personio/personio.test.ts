import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { runCheck } from "@/lib/providers/check";
import { personio } from "@/lib/providers/personio";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import type { SandboxServer } from "@/lib/sandbox/serve";
import { serveSandbox } from "@/lib/sandbox/serve";
import { json } from "@/lib/sandbox/util";
import { captureLogger, describeProviderChecks, expectContract, startProviderSandbox, TEST_TIMEOUT_MS } from "@/lib/sandbox/testing";

describeProviderChecks("personio", createPersonioSandbox);

describe("Personio definition", () => {
  it("accepts an optional subdomain that is one DNS label, strictly", () => {
    const ok = (subdomain?: string) => personio.fields.safeParse({ clientId: "id", clientSecret: "secret", subdomain });
    expect(ok(undefined).data?.subdomain).toBeUndefined();
    expect(ok("").data?.subdomain).toBeUndefined();
    expect(ok(" Acme-GmbH ").data?.subdomain).toBe("acme-gmbh");
    for (const bad of ["acme.personio.de", "-acme", "acme-", "a_b", "evil.com/x", "a".repeat(64), "ac me", "https://acme"]) {
      expect(ok(bad).success, bad).toBe(false);
    }
  });
  it("turns guide steps into deep links only when the subdomain is known", () => {
    const step = personio.guide.find((s) => s.link)!;
    expect(step.link!({})).toBeUndefined();
    expect(step.link!({ subdomain: "acme" })).toMatch(/^https:\/\/acme\.personio\.de\//);
  });
});

describe("Personio: session options and input validation", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startProviderSandbox("personio", createPersonioSandbox);
  });
  afterAll(async () => {
    await expectContract("personio", server);
    await server.close();
  });
  const all = { clientId: "personio-sandbox-all", clientSecret: "personio-sandbox-secret" };

  it("checks the attributes the session asks for instead of the defaults", async () => {
    const { logger } = captureLogger();
    const result = await runCheck({ provider: "personio", credentials: all, required: ["employees"], options: { attributes: ["first_name", "iban", "cost_center"] }, logger });
    expect(result.outcome).toBe("missing_scopes");
    const employees = result.scopes.find((s) => s.scope === "employees")!;
    expect(employees.missingAttributes).toEqual(["iban", "cost_center"]);
    expect(employees.detail?.de).toContain("iban, cost_center");
  });

  it("uses the provider's default scopes when the session names none, through API v2 and no v1 call past its deprecation date", async () => {
    const { logger } = captureLogger();
    const from = server.exchanges.length;
    const result = await runCheck({ provider: "personio", credentials: all, logger });
    const calls = server.exchanges.slice(from).map((e) => `${e.method} ${e.path}`).sort();
    expect(calls).toEqual(["GET /v1/company/employees/attributes", "GET /v2/absence-periods", "GET /v2/attendance-periods", "GET /v2/persons", "POST /v2/auth/token"]);
    const token = server.exchanges.slice(from).find((e) => e.path === "/v2/auth/token")!;
    expect(token.requestHeaders?.["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(token.requestBody).get("grant_type")).toBe("client_credentials");
    // Every read carries the one v2 token, v1 included.
    const issued = (JSON.parse(token.body) as { access_token: string }).access_token;
    for (const e of server.exchanges.slice(from).filter((x) => x.method === "GET")) expect(e.requestHeaders?.authorization).toBe(`Bearer ${issued}`);
    expect(result.outcome).toBe("ok");
    expect(result.scopes.map((s) => [s.scope, s.required])).toEqual([
      ["employees", true],
      ["absences", false],
      ["attendances", false],
    ]);
  });

  it("sends the configured partner and app ids in both spellings on every request", async () => {
    setEnvOverrides({ PERSONIO_PARTNER_ID: "LATCHKEY_TEST", PERSONIO_APP_ID: "SYNC_APP" });
    try {
      const from = server.exchanges.length;
      const { logger } = captureLogger();
      await runCheck({ provider: "personio", credentials: all, required: ["employees"], logger });
      const sent = server.exchanges.slice(from);
      expect(sent.length).toBe(3);
      for (const ex of sent) {
        expect(ex.requestHeaders?.["x-personio-partner-id"]).toBe("LATCHKEY_TEST");
        expect(ex.requestHeaders?.["personio-partner-id"]).toBe("LATCHKEY_TEST");
        expect(ex.requestHeaders?.["x-personio-app-id"]).toBe("SYNC_APP");
      }
    } finally {
      setEnvOverrides({ PERSONIO_PARTNER_ID: "", PERSONIO_APP_ID: "" });
    }
  });

  it("links each fix straight to the company's Personio settings when the subdomain is given", async () => {
    const { logger } = captureLogger();
    const noAbsences = { clientId: "personio-sandbox-no-absences", clientSecret: "personio-sandbox-secret" };
    const linked = await runCheck({ provider: "personio", credentials: { ...noAbsences, subdomain: "Acme" }, required: ["absences"], logger });
    expect(linked.scopes[0]).toMatchObject({ status: "missing", fixLink: "https://acme.personio.de/configuration/api/credentials" });
    const plain = await runCheck({ provider: "personio", credentials: noAbsences, required: ["absences"], logger });
    expect(plain.scopes[0]!.fixLink).toBeUndefined();
  });

  it("refuses incomplete input before calling Personio", async () => {
    const before = server.stats.requests;
    await expect(runCheck({ provider: "personio", credentials: { clientId: "x" } })).rejects.toMatchObject({ code: "invalid_input" });
    expect(server.stats.requests).toBe(before);
  });

  it("a missing required permission outranks a failing optional one", async () => {
    const { logger } = captureLogger();
    const result = await runCheck({
      provider: "personio",
      credentials: { clientId: "personio-sandbox-no-employees", clientSecret: "personio-sandbox-secret" },
      required: ["employees"],
      optional: ["documents"],
      logger,
    });
    expect(result.outcome).toBe("missing_scopes");
    expect(result.message.en).toContain("“Employees: read”");
    expect(result.message.de).toContain("„Mitarbeiter: Lesen“");
  });
});

describe("Personio v2: how answers the simulator does not give are read", () => {
  // A stand-in for Personio answering what the facts leave open: one answer per path.
  async function checkAgainst(answers: Record<string, () => Response>, required: Array<"employees" | "attendances" | "documents"> = ["employees"]) {
    const server = await serveSandbox(async (req) => (answers[new URL(req.url).pathname] ?? (() => json(404, {})))());
    setEnvOverrides({ PERSONIO_API_URL: server.url, PROVIDER_TIMEOUT_MS: String(TEST_TIMEOUT_MS) });
    try {
      const { logger } = captureLogger();
      return await runCheck({ provider: "personio", credentials: { clientId: "id", clientSecret: "secret" }, required, optional: [], logger });
    } finally {
      await server.close();
    }
  }
  const token = () => json(200, { access_token: "papi-test-token", token_type: "Bearer", expires_in: 86400, scope: "personio:persons:read" });
  const oauth = (error: string) => () => json(400, { error, error_description: "x" }, { "content-type": "application/problem+json" });
  const problem = (status: number) => () => json(status, { personio_trace_id: "t", timestamp: "2026-12-03T00:00:00Z", errors: [{ title: "x", detail: "y" }] }, { "content-type": "application/problem+json" });
  const persons = () => json(200, { _data: [{ id: "1" }], _meta: { links: { self: { href: "https://api.personio.de/v2/persons?limit=1" } } } });
  const attributes = () => json(200, { success: true, data: ["first_name", "last_name", "email", "status", "department", "hire_date"].map((key) => ({ key, universal_id: key })) });

  it("maps the token endpoint's OAuth2 errors: wrong credential, Personio unavailable, or our own request wrong", async () => {
    for (const [error, outcome] of [
      ["invalid_client", "invalid_credentials"],
      ["unauthorized_client", "invalid_credentials"],
      ["invalid_grant", "invalid_credentials"],
      ["temporarily_unavailable", "provider_unreachable"],
      ["invalid_request", "provider_error"],
      ["unsupported_grant_type", "provider_error"],
    ] as const) {
      expect((await checkAgainst({ "/v2/auth/token": oauth(error) })).outcome, error).toBe(outcome);
    }
    expect((await checkAgainst({ "/v2/auth/token": problem(401) })).outcome).toBe("invalid_credentials");
  });

  it("a v2 read answered 401 right after the token was issued is the missing right (as a client saw on /v2/persons), 403 too", async () => {
    for (const status of [401, 403]) {
      const result = await checkAgainst({ "/v2/auth/token": token, "/v2/persons": problem(status), "/v1/company/employees/attributes": attributes });
      expect(result.outcome).toBe("missing_scopes");
      expect(result.scopes[0]).toMatchObject({ scope: "employees", status: "missing", providerStatus: status });
    }
    const notLive = await checkAgainst({ "/v2/auth/token": token, "/v2/persons": persons, "/v1/company/employees/attributes": attributes, "/v2/attendance-periods": problem(404) }, ["employees", "attendances"]);
    expect(notLive.scopes.find((s) => s.scope === "attendances")).toMatchObject({ status: "unknown", reason: "provider_error", providerStatus: 404 });
  });

  it("if v1 refuses the v2 token, or the attributes list is gone, the scope is unknown: never missing, never a false green", async () => {
    const refused = () => json(403, { success: false, error: { code: 403, message: "Provided authorization is not valid" } });
    const a = await checkAgainst({ "/v2/auth/token": token, "/v2/persons": persons, "/v1/company/employees/attributes": refused });
    expect(a.scopes[0]).toMatchObject({ status: "unknown", reason: "provider_error" });
    const gone = await checkAgainst({ "/v2/auth/token": token, "/v2/persons": persons, "/v1/company/employees/attributes": () => json(404, { success: false, error: { code: 404, message: "Not found" } }) });
    expect(gone.scopes[0]).toMatchObject({ status: "unknown", reason: "provider_error" });
    expect(gone.outcome).toBe("provider_error");
    const forbidden = () => json(403, { success: false, error: { code: 0, message: "personio.core.api.exceptions.api.forbidden.http.exception" } });
    const docs = await checkAgainst({ "/v2/auth/token": token, "/v1/company/document-categories": forbidden }, ["documents"]);
    expect(docs.scopes[0]).toMatchObject({ scope: "documents", status: "missing" });
  });
});
