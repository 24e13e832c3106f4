import { describe, expect, it } from "vitest";
import { parseOrigin, parseOrigins } from "@/lib/db/queries/workspaces";

describe("embed origins", () => {
  it("accepts scheme, host and port, normalised as the browser spells them", () => {
    expect(parseOrigin("https://App.Vendor.example")).toEqual({ ok: true, origin: "https://app.vendor.example" });
    expect(parseOrigin("https://app.vendor.example/")).toEqual({ ok: true, origin: "https://app.vendor.example" });
    expect(parseOrigin("https://app.vendor.example:443")).toEqual({ ok: true, origin: "https://app.vendor.example" });
    expect(parseOrigin("https://app.vendor.example:8443")).toEqual({ ok: true, origin: "https://app.vendor.example:8443" });
    expect(parseOrigin("http://localhost:3001")).toEqual({ ok: true, origin: "http://localhost:3001" });
  });

  it("refuses paths, queries, credentials, plain http off loopback, other schemes and wildcards", () => {
    for (const bad of ["https://app.vendor.example/settings", "https://app.vendor.example?x=1", "https://app.vendor.example#a", "https://u:p@app.vendor.example", "http://app.vendor.example", "javascript:alert(1)", "ftp://x.example", "app.vendor.example", "https://*.vendor.example"]) {
      expect([bad, parseOrigin(bad).ok]).toEqual([bad, false]);
    }
  });

  it("reports every bad origin at once and drops duplicates", () => {
    expect(parseOrigins(["https://a.example", "https://A.example/"])).toEqual(["https://a.example"]);
    expect(() => parseOrigins(["https://a.example/x", "http://b.example"])).toThrow(/a\.example\/x.*http:\/\/b\.example/);
  });
});
