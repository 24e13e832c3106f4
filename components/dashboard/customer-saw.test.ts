import { describe, expect, it } from "vitest";
import { customerSaw } from "./customer-saw";

describe("what the customer saw, for support", () => {
  it("is the provider's own refusal text where it has one (Personio: client ID and secret)", () => {
    expect(customerSaw("invalid_credentials", "personio", "en")).toContain("client ID and client secret");
    expect(customerSaw("invalid_credentials", "personio", "de")).toContain("Client-ID");
  });
  it("is the shared text otherwise", () => {
    expect(customerSaw("invalid_credentials", "hrworks", "en")).toContain("HR WORKS did not accept these credentials");
    expect(customerSaw("rate_limited", "personio", "en")).toContain("Personio is limiting requests");
  });
});
