// Access People HR through the check engine against its simulator, one test per documented sandbox
// key, plus the parts that need their own set-up (the rate limit window, parallel probes, secrets
// in logs) and the contract: every simulator answer these tests saw must match the swagger.
import { providerText } from "@/lib/providers/text";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { runCheck } from "@/lib/providers/check";
import { peoplehr } from "@/lib/providers/peoplehr";
import { classifyEnvelope } from "@/lib/providers/peoplehr/api";
import type { CheckResult, ScopeId } from "@/lib/providers/types";
import { validateAll, validateExchange } from "@/lib/sandbox/contract";
import { createPeoplehrSandbox, PEOPLEHR_RATE_LIMIT_PER_MINUTE } from "@/lib/sandbox/peoplehr";
import { PEOPLEHR_SANDBOX_SCOPES, peoplehrSandboxCredentials } from "@/lib/sandbox/peoplehr/credentials";
import { serveSandbox, type RecordedExchange, type SandboxServer } from "@/lib/sandbox/serve";
import { assertNoLeak } from "@/lib/sandbox/testing";

const TIMEOUT_MS = 1500;
let server: SandboxServer;
const seen: RecordedExchange[] = [];

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}

async function check(apiKey: string, scopes = PEOPLEHR_SANDBOX_SCOPES, lines?: string[]): Promise<CheckResult> {
  const log = capture();
  const result = await runCheck({ provider: "peoplehr", credentials: { apiKey }, required: scopes.required, optional: scopes.optional, timeoutMs: TIMEOUT_MS, logger: log.logger });
  lines?.push(...log.lines);
  // No secret, and no provider body (error texts, HTML pages), in anything a person or a log sees.
  expect(JSON.stringify(result)).not.toContain(apiKey);
  expect(log.lines.join("")).not.toContain(apiKey);
  assertNoLeak(result, log.lines, [apiKey]);
  for (const fragment of ["No access on", "Invalid API Key", "does not exists", "Oops", "rate limit exceeded"]) expect(JSON.stringify(result) + log.lines.join("")).not.toContain(fragment);
  return result;
}

const statusOf = (r: CheckResult, scope: ScopeId) => r.scopes.find((s) => s.scope === scope)?.status;

beforeAll(async () => {
  server = await serveSandbox(createPeoplehrSandbox({ slowMs: 5000 }));
  setEnvOverrides({ PEOPLEHR_API_URL: server.url });
});
afterAll(async () => {
  // Contract: every answer the tests above saw, validated against the official swagger.
  await server?.close();
});
beforeEach(() => {
  seen.push(...server.exchanges.splice(0));
});

describe("Access People HR: every documented sandbox key through the check engine", () => {
  for (const cred of peoplehrSandboxCredentials) {
    it(`${cred.label} → ${cred.expect.outcome}`, async () => {
      const apiKey = cred.values.apiKey!;
      const result = await check(apiKey, cred.scopes);
      expect(result.outcome).toBe(cred.expect.outcome);
      expect(result.provider).toBe("peoplehr");
      const missing = result.scopes.filter((s) => s.status === "missing").map((s) => s.scope).sort();
      expect(missing).toEqual([...(cred.expect.missing ?? [])].sort());
      // The message names the provider, in both languages.
      expect(result.message.en).toContain("Access People HR");
      expect(result.message.de).toContain("Access People HR");
      expect(result.message.en).not.toBe(result.message.de);
    });
  }
});

describe("Access People HR: details", () => {
  it("reports every scope granted, the company as account label, and departments from employees", async () => {
    const r = await check("PHRSANDBOX-ALL");
    expect(r.outcome).toBe("ok");
    expect(r.accountLabel).toBe("Northwind Trading Ltd");
    expect(r.scopes.map((s) => s.status)).toEqual(["granted", "granted", "granted", "granted", "granted"]);
    // Support has only a leaver, and leavers are not read: four departments.
    expect(r.scopes.find((s) => s.scope === "departments")?.detail?.en).toMatch(/^4 departments/);
    expect(r.authStatus).toBe(0);
  });

  it("names the missing action with a fix-it in English and German", async () => {
    const r = await check("PHRSANDBOX-NO-DOCUMENT");
    const doc = r.scopes.find((s) => s.scope === "documents")!;
    expect(doc.status).toBe("missing");
    expect(doc.providerStatus).toBe(5);
    expect(doc.permission?.en).toBe("Employee Document → “Get All Document”");
    expect(doc.fix?.en).toContain("Settings → API");
    expect(doc.fix?.en).toContain("under Employee Document tick “Get All Document”");
    expect(doc.fix?.de).toContain("„Settings“ → „API“");
    expect(doc.fix?.de).toContain("setzen Sie unter Employee Document das Häkchen bei „Get All Document“");
    expect(r.message.en).toContain("Employee Document → “Get All Document”");
    expect(r.message.de).toContain("Berechtigung fehlt");
  });

  it("narrows the absences fix to the area that is actually missing (Holiday, not Absence)", async () => {
    const r = await check("PHRSANDBOX-NO-HOLIDAY");
    const abs = r.scopes.find((s) => s.scope === "absences")!;
    expect(abs.status).toBe("missing");
    expect(abs.fix?.en).toContain("Get Holiday Detail");
    expect(abs.fix?.en).not.toContain("Get Absence Detail");
    expect(abs.detail?.en).toBe("Not ticked: Holiday → “Get Holiday Detail”.");
    expect(abs.detail?.de).toBe("Nicht angekreuzt: Holiday → “Get Holiday Detail”.");
  });

  it("without Employee access, does not guess: absences and documents are unknown with a note, not granted", async () => {
    const r = await check("PHRSANDBOX-NO-EMPLOYEE");
    expect(statusOf(r, "employees")).toBe("missing");
    expect(statusOf(r, "departments")).toBe("missing");
    for (const s of ["absences", "documents"] as const) {
      const scope = r.scopes.find((x) => x.scope === s)!;
      expect(scope.status).toBe("unknown");
      expect(scope.reason).toBe("not_probeable");
      expect(scope.detail?.en).toContain("cannot read employees");
      expect(scope.detail?.de).toContain("keine Mitarbeitenden lesen");
    }
    expect(statusOf(r, "ats.jobs")).toBe("granted");
  });

  it("keeps an optional missing scope a warning: the check passes", async () => {
    const r = await check("PHRSANDBOX-NO-VACANCY", { required: ["employees"], optional: ["ats.jobs"] });
    expect(r.outcome).toBe("ok");
    expect(statusOf(r, "ats.jobs")).toBe("missing");
    expect(r.message.en).toContain("Optional");
  });

  it("says when to retry when rate limited, in both languages", async () => {
    const r = await check("PHRSANDBOX-RATE-LIMITED");
    expect(r.outcome).toBe("rate_limited");
    expect(r.retryAfterSeconds).toBe(60);
    expect(r.message.en).toContain("Wait 60 seconds");
    expect(r.message.de).toContain("Warten Sie 60 Sekunden");
  });

  it("tells a timeout from an outage", async () => {
    const slow = await check("PHRSANDBOX-SLOW");
    expect(slow.outcome).toBe("provider_unreachable");
    expect(slow.message.en).toContain("did not answer in time");
    const down = await check("PHRSANDBOX-DOWN");
    expect(down.outcome).toBe("provider_unreachable");
    expect(down.authStatus).toBe(503);
    expect(down.message.en).toContain("could not be reached");
  });

  it("refuses a well-formed but unknown key (Status 5) and a malformed one (Status 2) alike", async () => {
    const unknown = await check("5127e153-2c80-492b-a9e4-fb3e50af61a8");
    expect(unknown.outcome).toBe("invalid_credentials");
    expect(unknown.authStatus).toBe(5);
    const wrong = await check("not-a-real-key");
    expect(wrong.outcome).toBe("invalid_credentials");
    expect(wrong.authStatus).toBe(2);
    // People HR has one key, not a pair: the message must not ask for "both values".
    expect(wrong.message.en).toContain("did not accept this key");
    expect(wrong.message.en).not.toContain("both");
    expect(wrong.message.de).toContain("diesen Schlüssel");
  });

  it("sends the key only in the JSON body, never in the URL or a header", async () => {
    server.exchanges.splice(0);
    await check("PHRSANDBOX-ALL");
    const ex = server.exchanges.slice();
    seen.push(...server.exchanges.splice(0));
    expect(ex.length).toBe(5); // 1 authentication + absence + holiday + documents + vacancies
    for (const e of ex) {
      expect(e.method).toBe("POST");
      expect(e.path + e.query).not.toContain("PHRSANDBOX");
      expect(JSON.parse(e.requestBody).APIKey).toBe("PHRSANDBOX-ALL");
    }
  });

  it("runs the probes in parallel", async () => {
    const slowServer = await serveSandbox(createPeoplehrSandbox(), { latency: 300 });
    setEnvOverrides({ PEOPLEHR_API_URL: slowServer.url });
    try {
      const r = await runCheck({ provider: "peoplehr", credentials: { apiKey: "PHRSANDBOX-ALL" }, ...{ required: PEOPLEHR_SANDBOX_SCOPES.required }, timeoutMs: 5000, logger: capture().logger });
      expect(r.outcome).toBe("ok");
      expect(slowServer.stats.requests).toBe(5);
      // Authentication alone, then absence + holiday + documents + vacancies at the same time.
      expect(slowServer.stats.maxConcurrent).toBe(4);
      seen.push(...slowServer.exchanges);
    } finally {
      setEnvOverrides({ PEOPLEHR_API_URL: server.url });
      await slowServer.close();
    }
  });

  it("keeps secrets out of the debug log of a whole check", async () => {
    const lines: string[] = [];
    await check("PHRSANDBOX-NO-ABSENCE", PEOPLEHR_SANDBOX_SCOPES, lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("")).toContain("provider check finished");
  });
});

describe("Access People HR simulator: the documented rate limit", () => {
  it("allows 30 calls a minute per address, then answers 429 with Retry-After until the window moves", async () => {
    let now = 1_000_000;
    const sim = createPeoplehrSandbox({ now: () => now, rateLimitPerMinute: PEOPLEHR_RATE_LIMIT_PER_MINUTE, rateLimitStyle: "http429" });
    const call = (ip = "203.0.113.7") =>
      sim(
        new Request("http://sandbox.local/Vacancy", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": ip },
          body: JSON.stringify({ APIKey: "PHRSANDBOX-ALL", Action: "GetAllVacancies" }),
        }),
      );
    for (let i = 0; i < 30; i++) expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(classifyEnvelope(await limited.json())).toMatchObject({ kind: "rate_limited" });
    expect((await call("198.51.100.2")).status).toBe(200); // another address has its own budget
    now += 20_000;
    expect((await call()).headers.get("retry-after")).toBe("40");
    now += 40_000;
    expect((await call()).status).toBe(200);
  });

  it("by default answers the limit inside an HTTP 200 envelope, which the client reads as rate limited", async () => {
    const sim = createPeoplehrSandbox({ rateLimitPerMinute: 1 });
    const req = () => new Request("http://sandbox.local/Vacancy", { method: "POST", body: JSON.stringify({ APIKey: "PHRSANDBOX-ALL", Action: "GetAllVacancies" }) });
    await sim(req());
    const res = await sim(req());
    expect(res.status).toBe(200);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(classifyEnvelope(await res.json())).toMatchObject({ kind: "rate_limited" });
  });
});

describe("Access People HR: reading the envelope", () => {
  it("accepts the swagger's IsError spelling as well as the real isError", () => {
    expect(classifyEnvelope({ IsError: false, Status: 0, Message: "ok", Result: [] }).kind).toBe("ok");
    expect(classifyEnvelope({ isError: true, Status: 5, Message: "No access on holiday schema." }).kind).toBe("no_access");
    expect(classifyEnvelope({ isError: true, Status: 5, Message: "API key does not exists." }).kind).toBe("invalid_key");
    expect(classifyEnvelope({ isError: true, Status: 5, Message: "EmployeeId does not exists." }).kind).toBe("unknown_employee");
    expect(classifyEnvelope({ isError: true, Status: 10, Message: "No record found." }).kind).toBe("no_record");
    expect(classifyEnvelope({ isError: true, Status: 6, Message: "Oops! Something went wrong." }).kind).toBe("provider_error");
    expect(classifyEnvelope({ Status: 0, Message: "no flag" }).kind).toBe("provider_error");
    expect(classifyEnvelope("<html>").kind).toBe("provider_error");
  });

  it("defines every offered scope with a permission name and a fix-it in both languages", () => {
    for (const [scope, def] of Object.entries(peoplehr.scopes)) {
      expect(providerText("peoplehr", def!.permission).en, scope).toBeTruthy();
      expect(providerText("peoplehr", def!.fix).en, scope).toContain("Settings → API");
      expect(providerText("peoplehr", def!.fix).de, scope).toContain("„Settings“ → „API“");
    }
  });
});

describe("Access People HR simulator: the contract", () => {
  it("answers every call the tests made as the official swagger describes", async () => {
    seen.push(...server.exchanges.splice(0));
    expect(seen.length).toBeGreaterThan(40);
    // The swagger documents HTTP 200 only. The 503 page of an outage comes from in front of the
    // API and is outside it on purpose (marked, so it must fail); everything else must match.
    expect([...new Set(seen.filter((e) => e.status !== 200).map((e) => e.status))]).toEqual([503]);
    const { failures, operations } = await validateAll("peoplehr", seen);
    expect(failures).toEqual([]);
    for (const action of ["GetAllEmployeeDetail", "GetAbsenceDetail", "GetHolidayDetail", "GetAllDocument", "GetAllVacancies"]) {
      expect([...operations].some((o) => o.endsWith(`  -  ${action}`)), action).toBe(true);
    }
  });

  it("is not vacuous: drift in the flag, the status or a row is caught", async () => {
    const exchange = (body: unknown) => ({
      method: "POST",
      path: "/Vacancy",
      query: "",
      requestBody: JSON.stringify({ APIKey: "PHRSANDBOX-ALL", Action: "GetAllVacancies" }),
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
    });
    expect((await validateExchange("peoplehr", exchange({ isError: false, Status: 0, Message: "ok", Result: [{ VacancyName: "A", Status: 2 }] }))).ok).toBe(true);
    expect((await validateExchange("peoplehr", exchange({ isError: "false", Status: 0, Message: "ok" }))).ok).toBe(false);
    expect((await validateExchange("peoplehr", exchange({ isError: false, Status: "0", Message: "ok" }))).ok).toBe(false);
    expect((await validateExchange("peoplehr", exchange({ isError: false, Status: 0, Message: "ok", Result: [{ VacancyName: 7 }] }))).ok).toBe(false);
  });
});

describe("the app serves both sandboxes under /sandbox/<provider> in demo mode", () => {
  it("answers People HR's envelope and the Justworks service-user mock through the route", async () => {
    const { POST, GET } = await import("@/app/sandbox/[provider]/[...path]/route");
    const phr = await POST(
      new Request("http://localhost:3000/sandbox/peoplehr/Vacancy", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.50" }, body: JSON.stringify({ APIKey: "PHRSANDBOX-ALL", Action: "GetAllVacancies" }) }),
      { params: Promise.resolve({ provider: "peoplehr", path: ["Vacancy"] }) },
    );
    expect(phr.status).toBe(200);
    const body = (await phr.json()) as { isError: boolean; Status: number; Result: unknown[] };
    expect(body).toMatchObject({ isError: false, Status: 0 });
    expect(body.Result.length).toBe(2);
    const jw = await GET(new Request("http://localhost:3000/sandbox/justworks/service-users/latchkey%2Babc%40acme.example"), {
      params: Promise.resolve({ provider: "justworks", path: ["service-users", "latchkey+abc@acme.example"] }),
    });
    expect(jw.status).toBe(200);
    expect(await jw.json()).toMatchObject({ email: "latchkey+abc@acme.example", found: true, accepted: true });
  });
});
