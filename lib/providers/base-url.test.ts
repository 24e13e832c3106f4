// Case 32: in production a configured provider base URL must be https on the default port with
// the provider's documented base path; a sandbox setting allows others. Before, any http(s) URL ran.
import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { providerUrlProblem, providerUrlProblems } from "@/lib/providers/base-url";
import { providerBaseUrl } from "@/lib/providers/http";

const production = (vars: Record<string, string> = {}) =>
  loadEnv({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://x@localhost/db",
    LATCHKEY_MASTER_KEYS: "k1:abc",
    AUTH_SECRET: "s".repeat(40),
    LATCHKEY_PUBLIC_URL: "https://connect.example.com",
    ...vars,
  });

describe("provider base URLs in production", () => {
  it.each([
    ["http scheme", "http://api.personio.de", /https/],
    ["another port", "https://api.personio.de:8443", /port 443/],
    ["an explicit :443 (the default port)", "https://api.personio.de:443", null],
    ["a path outside the documented base", "https://api.personio.de/admin", /base path \//],
    ["credentials in the URL", "https://user:pw@api.personio.de", /user, password/],
    ["the documented base", "https://api.personio.de/", null],
    ["another host on the documented path (a provider's demo host)", "https://api.demo-personio.example", null],
  ])("case 32: %s", (_what, url, problem) => {
    const env = production({ PERSONIO_API_URL: url });
    const found = providerUrlProblem("personio", url, env);
    if (problem === null) {
      expect(found).toBeNull();
      expect(providerBaseUrl("personio", env)).toBe(url.replace(/\/+$/, ""));
    } else {
      expect(found).toMatch(problem);
      expect(found).toContain("PERSONIO_API_URL");
      // Refused at start-up (lib/boot.ts) and at use.
      expect(providerUrlProblems(env)).toEqual([found]);
      expect(() => providerBaseUrl("personio", env)).toThrow(problem);
    }
  });

  it("the sandbox setting, development and tests allow a simulator on loopback", () => {
    const url = "http://127.0.0.1:4010/sim";
    expect(providerUrlProblems(production({ PERSONIO_API_URL: url, LATCHKEY_ALLOW_CUSTOM_PROVIDER_URLS: "true" }))).toEqual([]);
    expect(providerUrlProblems(loadEnv({ NODE_ENV: "test", PERSONIO_API_URL: url }))).toEqual([]);
    expect(providerUrlProblems(production({ PERSONIO_API_URL: url }))).toHaveLength(1);
  });
});
