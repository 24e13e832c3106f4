import { describe, expect, it } from "vitest";
import { fillLink, SUBDOMAIN_PLACEHOLDER } from "./types";

describe("deep links with the customer's subdomain", () => {
  const template = `https://${SUBDOMAIN_PLACEHOLDER}.personio.de/configuration/api/credentials`;
  it("fills in one DNS label, lower-cased", () => {
    expect(fillLink(template, " Acme-GmbH ")).toBe("https://acme-gmbh.personio.de/configuration/api/credentials");
  });
  it("refuses anything that could leave the provider's domain", () => {
    for (const bad of ["evil.com/x?", "a b", "-acme", "acme-", "x".repeat(64), "acme@evil.example", ""]) expect(fillLink(template, bad)).toBeUndefined();
    expect(fillLink(undefined, "acme")).toBeUndefined();
  });
});
