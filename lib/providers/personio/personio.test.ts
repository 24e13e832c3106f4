import { describe, expect, it } from "vitest";
import { personio } from "@/lib/providers/personio";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { describeProviderChecks } from "@/lib/sandbox/testing";

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
