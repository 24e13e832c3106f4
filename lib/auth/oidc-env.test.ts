import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "@/lib/env";

describe("single sign-on settings", () => {
  it("are off by default and on only when issuer, client id and secret are all set", () => {
    expect(loadEnv({}).AUTH_OIDC_ISSUER).toBeUndefined();
    const on = loadEnv({ AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_CLIENT_ID: "latchkey", AUTH_OIDC_CLIENT_SECRET: "s3cret-value" });
    expect(on).toMatchObject({ AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_NAME: "Single sign-on" });
  });

  it("refuse a partial configuration, naming the variables but never a value", () => {
    let err: unknown;
    try {
      loadEnv({ AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_CLIENT_SECRET: "CANARY-secret" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toContain("AUTH_OIDC_CLIENT_ID");
    expect(String((err as Error).message)).not.toContain("CANARY");
    expect(() => loadEnv({ AUTH_OIDC_ISSUER: "not a url", AUTH_OIDC_CLIENT_ID: "a", AUTH_OIDC_CLIENT_SECRET: "b" })).toThrow(/AUTH_OIDC_ISSUER/);
  });
});
