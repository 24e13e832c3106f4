// Test support (Vitest only): runs every documented sandbox credential of a provider through the
// check engine against its standalone simulator and asserts the outcome, the missing scopes, the
// fix-it texts in both languages, that no secret or provider body appears in a result or a log
// line, that probes run in parallel, and that every response the simulator gave validates against
// the official specification. A provider's test file calls `describeProviderChecks(id, factory)`.
import { personioAttributeLabel } from "@/lib/providers/personio/attribute-text";
import { providerText } from "@/lib/providers/text";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { runCheck } from "@/lib/providers/check";
import { getProvider } from "@/lib/providers/index";
import type { CheckResult, ProviderId, ScopeId } from "@/lib/providers/types";
import { validateAll } from "@/lib/sandbox/contract";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import type { SandboxCredential, SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";

/**
 * Per-request deadline in these tests; the slow credential answers well after it. Not shorter: at
 * 400 ms an ordinary answer missed it on a machine busy with two builds (seen here).
 */
export const TEST_TIMEOUT_MS = 1000;
export const TEST_SLOW_MS = 2500;
/** The "slow but within the timeout" credentials answer after this, well inside TEST_TIMEOUT_MS. */
export const TEST_LAG_MS = 120;

export function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}

/** Starts the simulator and points the provider's base URL at it. */
export async function startProviderSandbox(id: ProviderId, factory: (o?: SandboxOptions) => SandboxHandler): Promise<SandboxServer> {
  const server = await serveSandbox(factory({ slowMs: TEST_SLOW_MS, lagMs: TEST_LAG_MS }));
  setEnvOverrides({ [getProvider(id)!.baseUrl.variable]: server.url, PROVIDER_TIMEOUT_MS: String(TEST_TIMEOUT_MS) });
  return server;
}

/** Every response the simulator gave so far matches the official specification. */
export async function expectContract(id: ProviderId, server: SandboxServer) {
  const report = await validateAll(id, server.exchanges);
  expect(report.checked).toBeGreaterThan(0);
  expect(report.failures).toEqual([]);
}

export async function checkWith(cred: SandboxCredential, extra: { required?: ScopeId[]; optional?: ScopeId[] } = {}) {
  const { logger, lines } = captureLogger();
  const result = await runCheck({
    provider: cred.provider,
    credentials: cred.values,
    required: extra.required ?? cred.scopes.required,
    optional: extra.optional ?? cred.scopes.optional,
    logger,
  });
  return { result, lines };
}

function secretsOf(cred: SandboxCredential): string[] {
  const def = getProvider(cred.provider)!;
  return def.secret.map((k) => cred.values[k]).filter((v): v is string => typeof v === "string" && v.length > 0);
}

/** Tokens the simulator handed out: they must not leak either. */
function tokensIn(server: SandboxServer): string[] {
  const out: string[] = [];
  for (const ex of server.exchanges) {
    const m = /"(?:token|access_token)"\s*:\s*"([^"]+)"/.exec(ex.body);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

export function assertNoLeak(result: CheckResult, lines: string[], secrets: string[]) {
  const text = JSON.stringify(result) + "\n" + lines.join("");
  for (const s of secrets) expect(text, "a secret leaked into a result or log line").not.toContain(s);
  // A provider's body never appears verbatim (the simulators' error messages and HTML pages).
  for (const fragment of ["<html", "forbidden.http.exception", "do not have the necessary permission", "Wrong credentials", "Maintenance", "Bad gateway"]) {
    expect(text).not.toContain(fragment);
  }
}

export function describeProviderChecks(id: ProviderId, factory: (o?: SandboxOptions) => SandboxHandler) {
  const definition = getProvider(id)!;
  const credentials = listSandboxCredentials(id);

  describe(`${definition.name}: every sandbox credential through the check engine`, () => {
    let server: SandboxServer;
    const seen = new Set<string>();
    beforeAll(async () => {
      server = await startProviderSandbox(id, factory);
    });
    afterAll(async () => {
      await server?.close();
    });

    it("documents a credential for every outcome", () => {
      const outcomes = new Set(credentials.map((c) => c.expect.outcome));
      for (const o of ["ok", "missing_scopes", "invalid_credentials", "rate_limited", "provider_unreachable", "provider_error"] as const) expect(outcomes).toContain(o);
    });

    for (const cred of credentials) {
      it(`${cred.label} → ${cred.expect.outcome}${cred.expect.missing ? ` (${cred.expect.missing.join(", ")} missing)` : ""}`, async () => {
        const { result, lines } = await checkWith(cred);
        seen.add(cred.expect.outcome);
        expect(result.outcome).toBe(cred.expect.outcome);
        expect(result.provider).toBe(id);

        const missing = result.scopes.filter((s) => s.status === "missing").map((s) => s.scope).sort();
        expect(missing).toEqual([...(cred.expect.missing ?? [])].sort());
        if (result.outcome === "ok" && !cred.expect.missing) {
          const requested = [...cred.scopes.required, ...cred.scopes.optional].filter((s) => definition.scopes[s]);
          expect(result.scopes.map((s) => s.scope).sort()).toEqual([...new Set(requested)].sort());
          for (const s of result.scopes) expect(s.status === "granted" || s.reason === "not_probeable").toBe(true);
        }

        // The message names the provider, in both languages, and differs per outcome.
        expect(result.message.en).toContain(definition.name);
        expect(result.message.de).toContain(definition.name);
        expect(result.message.en).not.toEqual(result.message.de);

        for (const s of result.scopes.filter((x) => x.status === "missing")) {
          const scopeDef = definition.scopes[s.scope]!;
          const def = { permission: providerText(id, scopeDef.permission), fix: providerText(id, scopeDef.fix) };
          expect(s.permission).toEqual(def.permission);
          expect(s.fix?.en).toContain(definition.name);
          expect(s.fix?.de).toContain(definition.name);
          if (cred.expect.missingAttributes && s.scope === "employees") {
            expect(s.missingAttributes).toEqual(cred.expect.missingAttributes);
            // Named the way Personio's "Readable employee attributes" lists them, not by API key.
            for (const a of cred.expect.missingAttributes) {
              expect(s.fix!.en).toContain(`“${personioAttributeLabel(a, "en")}”`);
              expect(s.fix!.de).toContain(`„${personioAttributeLabel(a, "de")}“`);
              if (personioAttributeLabel(a, "en") !== a) expect(s.fix!.en).not.toContain(a);
            }
          } else {
            expect(s.fix).toEqual(def.fix);
          }
          if (s.required) {
            expect(result.message.en).toContain(def.permission.en);
            expect(result.message.de).toContain(def.permission.de);
          }
        }
        // HR WORKS and Personio take two values (a key pair, client id and secret): say "both".
        if (result.outcome === "invalid_credentials") {
          expect(result.message.en).toMatch(/\bboth\b/);
          expect(result.message.de).toMatch(/\bbeide\b/);
        }
        if (result.outcome === "rate_limited") expect(result.retryAfterSeconds).toBeGreaterThan(0);
        if (result.outcome === "rate_limited" || result.outcome === "provider_unreachable" || result.outcome === "provider_error") {
          for (const s of result.scopes.filter((x) => x.required)) expect(s.status).toBe("unknown");
        }
        // The engine did log (so the leak check below looks at something), at debug level per request.
        expect(lines.some((l) => l.includes("provider check finished"))).toBe(true);
        assertNoLeak(result, lines, [...secretsOf(cred), ...tokensIn(server)]);
      });
    }

    it("runs the probes in parallel (the simulator sees them all at once)", async () => {
      const all = credentials.find((c) => c.expect.outcome === "ok" && !c.expect.missing)!;
      const scopes = Object.keys(definition.scopes) as ScopeId[];
      server.setLatency(({ path }) => (/auth/.test(path) ? 0 : 300));
      server.reset();
      try {
        const { result } = await checkWith(all, { required: scopes, optional: [] });
        expect(result.outcome).toBe("ok");
        const probeRequests = server.stats.requests - 1;
        expect(probeRequests).toBeGreaterThanOrEqual(scopes.length);
        // Every probe request was in flight at the same moment.
        expect(server.stats.maxConcurrent).toBe(probeRequests);
      } finally {
        server.setLatency(0);
      }
    }, 20_000);

    it("every simulator response the tests saw matches the official specification", async () => {
      // Runs last in this block: every exchange of the tests above.
      const report = await validateAll(id, server.exchanges);
      expect(report.checked).toBeGreaterThan(credentials.length);
      expect(report.failures).toEqual([]);
    }, 30_000);
  });
}
