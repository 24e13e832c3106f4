import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { runCheck } from "@/lib/providers/check";
import { personio } from "@/lib/providers/personio";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import type { SandboxServer } from "@/lib/sandbox/serve";
import { captureLogger, describeProviderChecks, expectContract, startProviderSandbox } from "@/lib/sandbox/testing";

describeProviderChecks("personio", createPersonioSandbox);

describe("Personio definition", () => {
  it("accepts the company's Personio address in every form the browser shows, kept as its host", () => {
    const ok = (subdomain?: string) => personio.fields.safeParse({ clientId: "id", clientSecret: "secret", subdomain });
    expect(ok(undefined).data?.subdomain).toBeUndefined();
    expect(ok("").data?.subdomain).toBeUndefined();
    // A credential saved before the .com move holds the bare hostname: it still reads.
    expect(ok(" Acme-GmbH ").data?.subdomain).toBe("acme-gmbh.app.personio.com");
    expect(ok("acme.personio.de").data?.subdomain).toBe("acme.personio.de");
    expect(ok("https://acme.app.personio.com/").data?.subdomain).toBe("acme.app.personio.com");
    for (const bad of ["-acme", "acme-", "a_b", "evil.com/x", "a".repeat(64), "ac me", "acme.evil.example", "https://acme.personio.de.evil.example"]) {
      expect(ok(bad).success, bad).toBe(false);
    }
  });
  it("links the guide and the fix-its to Connected integrations in the company's own Personio", () => {
    const step = personio.guide.find((s) => s.link)!;
    expect(step.link!({})).toBeUndefined();
    expect(step.link!({ address: "acme.app.personio.com" })).toBe("https://acme.app.personio.com/configuration/marketplace/connected");
    expect(personio.scopes.employees!.link!({ address: "acme.personio.de" })).toBe("https://acme.personio.de/configuration/marketplace/connected");
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
    // Custom attributes keep their key; standard ones are named as Personio lists them.
    expect(employees.detail?.de).toContain("„iban“, „cost_center“");
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

  it("links each fix straight to Connected integrations in the company's Personio when its address is given", async () => {
    const { logger } = captureLogger();
    const noAbsences = { clientId: "personio-sandbox-no-absences", clientSecret: "personio-sandbox-secret" };
    const linked = await runCheck({ provider: "personio", credentials: { ...noAbsences, subdomain: "Acme" }, required: ["absences"], logger });
    expect(linked.scopes[0]).toMatchObject({ status: "missing", fixLink: "https://acme.app.personio.com/configuration/marketplace/connected" });
    const old = await runCheck({ provider: "personio", credentials: { ...noAbsences, subdomain: "https://acme.personio.de/" }, required: ["absences"], logger });
    expect(old.scopes[0]!.fixLink).toBe("https://acme.personio.de/configuration/marketplace/connected");
    const plain = await runCheck({ provider: "personio", credentials: noAbsences, required: ["absences"], logger });
    expect(plain.scopes[0]!.fixLink).toBeUndefined();
  });

  it("says client ID and secret, not “key”, when Personio refuses the credentials", async () => {
    const { logger } = captureLogger();
    const result = await runCheck({ provider: "personio", credentials: { ...all, clientSecret: "wrong-secret" }, logger });
    expect(result.outcome).toBe("invalid_credentials");
    expect(result.message.en).toContain("client ID and client secret");
    expect(result.message.de).toContain("Client-ID und dieses Client-Secret");
    for (const text of [result.message.en, result.message.de]) expect(text).not.toMatch(/\bkey\b|Schlüssel|expired|abgelaufen/i);
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
    expect(result.message.en).toContain("“Employees: Read”");
    expect(result.message.de).toContain("„Mitarbeitende: Lesen“");
  });
});
