import { describe, expect, it } from "vitest";
import { ADDRESS_PLACEHOLDER, fillAddressLink, isHost, normaliseWebAddress } from "@/lib/providers/address";
import { PERSONIO_WEB, personioIntegrationsLink } from "@/lib/providers/personio/guide";

describe("a company's web address, as the admin sees it in the browser", () => {
  const read = (s: string) => normaliseWebAddress(s, PERSONIO_WEB);

  it("reads the forms an admin types or copies, onto the domain they name", () => {
    expect(read("acme")).toBe("acme.app.personio.com");
    expect(read(" Acme-GmbH ")).toBe("acme-gmbh.app.personio.com");
    expect(read("acme.personio.de")).toBe("acme.personio.de");
    expect(read("acme.app.personio.com")).toBe("acme.app.personio.com");
    expect(read("https://acme.app.personio.com")).toBe("acme.app.personio.com");
    expect(read("https://ACME.personio.de/")).toBe("acme.personio.de");
    expect(read("http://acme.app.personio.com/dashboard?x=1#top")).toBe("acme.app.personio.com");
  });

  it("refuses anything that is not one DNS label on a known Personio domain", () => {
    for (const bad of [
      "",
      "   ",
      "evil.example",
      "evil.com/x?",
      "acme.evil.example",
      "a.b.personio.de",
      "acme.personio.de.evil.example",
      "acme.personio.com",
      "https://acme.app.personio.com:8443",
      "acme@evil.example",
      "user:pw@acme.personio.de",
      "-acme",
      "acme-",
      "a_b",
      "ac me",
      "x".repeat(64),
      "javascript:alert(1)",
      "//evil.example",
    ]) {
      expect(read(bad), bad).toBeUndefined();
    }
  });

  // Latchkey never sends a request to this address: it only fills deep links into the customer's
  // Personio (the API hosts are fixed per installation, lib/providers/base-url.ts). So the guard is
  // that whatever is accepted is one DNS label on a Personio domain, and anything else is refused.
  it("case 28: the subdomain attacks are refused; what is read is one label on a Personio domain; ACME is acme", () => {
    for (const bad of [
      "evil.com#",
      "evil.com/",
      "evil.com?",
      "a@evil.com",
      "169.254.169.254#",
      "x.jobs.personio.de.evil.com",
      "..",
      "%2e%2e",
      "p\u0435rsonio",
      "x".repeat(64),
      "acme..personio.de",
      "acme\u0000",
      "[::1]",
    ]) {
      expect(read(bad), JSON.stringify(bad)).toBeUndefined();
    }
    expect(read("ACME")).toBe("acme.app.personio.com");
    // Pasted forms are read on purpose (trimmed, a trailing dot dropped); an IDN label stays a label
    // on the Personio domain, so a link can never point elsewhere.
    for (const [typed, host] of <[string, string][]>[
      ["acme.", "acme.app.personio.com"],
      [" acme", "acme.app.personio.com"],
      ["acme\n", "acme.app.personio.com"],
      ["xn--80ak6aa92e", "xn--80ak6aa92e.app.personio.com"],
    ]) {
      expect(read(typed), JSON.stringify(typed)).toBe(host);
    }
  });

  it("fills a link template only with such a host", () => {
    const template = personioIntegrationsLink({ address: ADDRESS_PLACEHOLDER });
    expect(template).toBe(`https://${ADDRESS_PLACEHOLDER}/configuration/marketplace/connected`);
    expect(fillAddressLink(template, "acme", PERSONIO_WEB)).toBe("https://acme.app.personio.com/configuration/marketplace/connected");
    expect(fillAddressLink(template, "https://acme.personio.de/", PERSONIO_WEB)).toBe("https://acme.personio.de/configuration/marketplace/connected");
    expect(fillAddressLink(template, "evil.example/x", PERSONIO_WEB)).toBeUndefined();
    expect(fillAddressLink(undefined, "acme", PERSONIO_WEB)).toBeUndefined();
    expect(fillAddressLink(template, "acme", undefined)).toBeUndefined();
  });

  it("links only to hosts", () => {
    expect(isHost("acme.app.personio.com")).toBe(true);
    expect(isHost("acme.app.personio.com/x")).toBe(false);
    expect(personioIntegrationsLink({ address: "evil.example/x?" })).toBeUndefined();
    expect(personioIntegrationsLink({})).toBeUndefined();
  });
});
