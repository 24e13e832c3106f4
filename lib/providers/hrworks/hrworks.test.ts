import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerText } from "@/lib/providers/text";
import { setEnvOverrides } from "@/lib/env";
import { openProviderSession, runCheck } from "@/lib/providers/check";
import { parseHrworksKeyFile } from "@/lib/providers/index";
import { hrworks } from "@/lib/providers/hrworks";
import { createHrworksSandbox } from "@/lib/sandbox/hrworks";
import type { SandboxServer } from "@/lib/sandbox/serve";
import { assertNoLeak, captureLogger, describeProviderChecks, expectContract, startProviderSandbox, TEST_TIMEOUT_MS } from "@/lib/sandbox/testing";

describeProviderChecks("hrworks", createHrworksSandbox);

describe("parseHrworksKeyFile", () => {
  it("fills both fields from the downloaded key file", () => {
    const file = "Access Key: sqJ5/hkmA1azzgVz\r\nSecret Access Key: xLywps1Wp/lfNMgqf+Q==\r\n";
    expect(parseHrworksKeyFile(file)).toEqual({ accessKey: "sqJ5/hkmA1azzgVz", secretAccessKey: "xLywps1Wp/lfNMgqf+Q==" });
  });
  it("accepts the lines in either order, with extra text and spacing", () => {
    const file = "HR WORKS API key pair\n\n  secret access key :  SECRET1\naccess key:ACCESS1\n";
    expect(parseHrworksKeyFile(file)).toEqual({ accessKey: "ACCESS1", secretAccessKey: "SECRET1" });
  });
  it("is wired to both fields, so a paste into either fills the form", () => {
    const file = "Access Key: A1\nSecret Access Key: S1\n";
    expect(hrworks.fieldMeta.accessKey.fillFromPaste?.(file)).toEqual({ accessKey: "A1", secretAccessKey: "S1" });
    expect(hrworks.fieldMeta.secretAccessKey.fillFromPaste?.(file)).toEqual({ accessKey: "A1", secretAccessKey: "S1" });
  });
  it("returns undefined for a single value or unrelated text", () => {
    expect(parseHrworksKeyFile("sqJ5/hkmA1azzgVz")).toBeUndefined();
    expect(parseHrworksKeyFile("Access Key: only-one")).toBeUndefined();
    expect(parseHrworksKeyFile("Secret Access Key: only-secret")).toBeUndefined();
  });
});

describe("HR WORKS definition", () => {
  it("marks the secret access key as secret and validates the fields", () => {
    expect(hrworks.secret).toEqual(["secretAccessKey"]);
    expect(hrworks.fields.safeParse({ accessKey: " A1 ", secretAccessKey: "S1" }).data).toEqual({ accessKey: "A1", secretAccessKey: "S1" });
    expect(hrworks.fields.safeParse({ accessKey: "A1 B2", secretAccessKey: "S1" }).success).toBe(false);
    expect(hrworks.fields.safeParse({ accessKey: "", secretAccessKey: "S1" }).success).toBe(false);
  });
  it("has guide steps and prerequisites in English and German", () => {
    const text = (key: string) => providerText("hrworks", key);
    for (const step of hrworks.guide) {
      expect(text(step.title).en && text(step.title).de && text(step.body).en && text(step.body).de).toBeTruthy();
      expect(text(step.body).en).not.toEqual(text(step.body).de);
    }
    for (const p of hrworks.prerequisites) expect(text(p).en && text(p).de).toBeTruthy();
  });
});

describe("HR WORKS: progress events and the passthrough session", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startProviderSandbox("hrworks", createHrworksSandbox);
  });
  afterAll(async () => {
    await expectContract("hrworks", server);
    await server.close();
  });
  const creds = { accessKey: "HWSANDBOX-ALL", secretAccessKey: "hrworks-sandbox-secret" };

  it("reports authentication, then every scope as it settles", async () => {
    const events: string[] = [];
    const { logger } = captureLogger();
    const result = await runCheck({
      provider: "hrworks",
      credentials: creds,
      required: ["employees", "departments"],
      logger,
      onProgress: (e) => events.push(e.type === "scope" ? `${e.check.scope}:${e.check.status}` : e.type),
    });
    expect(result.outcome).toBe("ok");
    expect(events[0]).toBe("authenticated");
    expect(events.slice(1).sort()).toEqual(["departments:granted", "employees:granted"]);
  });

  it("an authentication slower than the deadline is provider_unreachable, worded as a timeout", async () => {
    server.setLatency(({ path }) => (path.endsWith("/authentication") ? TEST_TIMEOUT_MS * 3 : 0));
    try {
      const { logger, lines } = captureLogger();
      const result = await runCheck({ provider: "hrworks", credentials: creds, logger });
      expect(result).toMatchObject({ outcome: "provider_unreachable", scopes: [] });
      expect(result.message.en).toContain("did not answer in time");
      expect(result.message.de).toContain("nicht rechtzeitig");
      assertNoLeak(result, lines, [creds.secretAccessKey]);
    } finally {
      server.setLatency(0);
    }
  });

  it("a host that refuses connections is provider_unreachable", async () => {
    setEnvOverrides({ HRWORKS_API_URL: "http://127.0.0.1:1" });
    try {
      const { logger } = captureLogger();
      const result = await runCheck({ provider: "hrworks", credentials: creds, logger });
      expect(result.outcome).toBe("provider_unreachable");
      expect(result.message.en).toContain("could not be reached");
    } finally {
      setEnvOverrides({ HRWORKS_API_URL: server.url });
    }
  });

  it("opens a passthrough session whose bearer token the simulator accepts", async () => {
    const session = await openProviderSession({ provider: "hrworks", credentials: creds });
    expect(session.ok).toBe(true);
    if (!session.ok) return;
    expect(session.baseUrl).toBe(server.url);
    const res = await fetch(`${session.baseUrl}/v2/organization-units`, { headers: session.auth.headers });
    expect(res.status).toBe(200);
    const wrong = await openProviderSession({ provider: "hrworks", credentials: { ...creds, secretAccessKey: "nope" } });
    expect(wrong).toMatchObject({ ok: false, outcome: "invalid_credentials" });
  });
});
