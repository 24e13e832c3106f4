import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { runCheck } from "@/lib/providers/check";
import { personio } from "@/lib/providers/personio";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import type { SandboxServer } from "@/lib/sandbox/serve";
import { captureLogger, describeProviderChecks, expectContract, startProviderSandbox } from "@/lib/sandbox/testing";

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

  it("uses the provider's default scopes when the session names none", async () => {
    const { logger } = captureLogger();
    const result = await runCheck({ provider: "personio", credentials: all, logger });
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
