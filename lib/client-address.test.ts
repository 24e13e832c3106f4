import { describe, expect, it } from "vitest";
import { clientAddress, clientHost, isSameOriginRequest, parseTrustProxy, resolveClientAddress, trustedRequestHeaders, CLIENT_ADDRESS_HEADER } from "@/lib/client-address";

describe("client address (TRUST_PROXY)", () => {
  it("case 26: without TRUST_PROXY, forwarded headers are ignored and removed; the socket's address is the client", () => {
    const headers: Record<string, string | undefined> = {
      "x-forwarded-for": "198.51.100.7",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
      "x-real-ip": "198.51.100.8",
      [CLIENT_ADDRESS_HEADER]: "198.51.100.9",
      host: "localhost:3000",
    };
    trustedRequestHeaders(headers, { remoteAddress: "::ffff:203.0.113.4", localPort: 3000 }, parseTrustProxy(undefined));
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.4");
    expect(headers["x-forwarded-for"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBeUndefined();
    expect(headers["x-forwarded-proto"]).toBeUndefined();
    expect(headers["x-real-ip"]).toBeUndefined();
    expect(headers.host).toBe("localhost:3000");
  });

  it("a hop count trusts that many proxies from the right, never what the client wrote", () => {
    const trust = parseTrustProxy("1");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.4", trust).address).toBe("203.0.113.4");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.4", parseTrustProxy("2")).address).toBe("6.6.6.6");
    expect(resolveClientAddress("10.0.0.2", undefined, trust).address).toBe("10.0.0.2");
  });

  it("CIDRs trust only those proxies: a forged header from anyone else is ignored", () => {
    const trust = parseTrustProxy("10.0.0.0/8, fd00::/8");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.4, 10.1.1.1", trust).address).toBe("203.0.113.4");
    expect(resolveClientAddress("203.0.113.4", "6.6.6.6", trust)).toEqual({ address: "203.0.113.4", viaProxy: false });
    expect(resolveClientAddress("fd00::5", "2001:db8::9", trust).address).toBe("2001:db8::9");
    const headers: Record<string, string | undefined> = { "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "a.example, b.example" };
    trustedRequestHeaders(headers, { remoteAddress: "10.0.0.2" }, trust);
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("6.6.6.6");
    expect(headers["x-forwarded-host"]).toBe("a.example");
  });

  it("refuses a malformed TRUST_PROXY with the entry named", () => {
    expect(() => parseTrustProxy("10.0.0.0/8,nonsense")).toThrow(/nonsense/);
  });

  it("clientAddress reads only the launcher's header", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBeNull();
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.4" }))).toBe("203.0.113.4");
  });
});

describe("the dashboard routes' origin check", () => {
  const none = parseTrustProxy(undefined);
  const proxied = parseTrustProxy("1");
  const h = (entries: Record<string, string>) => new Headers(entries);

  it("case 26: without TRUST_PROXY, X-Forwarded-Host is ignored even when it reaches the app (no launcher in front)", () => {
    const forged = h({ host: "dash.example", origin: "https://evil.test", "x-forwarded-host": "evil.test" });
    expect(clientHost(forged, none)).toBe("dash.example");
    expect(isSameOriginRequest(forged, none)).toBe(false);
    // Under TRUST_PROXY the proxy's X-Forwarded-Host names the host the browser addressed.
    expect(clientHost(h({ host: "app:3000", "x-forwarded-host": "dash.example, other" }), proxied)).toBe("dash.example");
    expect(isSameOriginRequest(h({ host: "app:3000", origin: "https://dash.example", "x-forwarded-host": "dash.example" }), proxied)).toBe(true);
  });

  it("case 26: refuses a foreign Origin, Origin null, and a browser's cross-site request without Origin; allows the same origin and scripts", () => {
    expect(isSameOriginRequest(h({ host: "dash.example", origin: "https://dash.example" }), none)).toBe(true);
    expect(isSameOriginRequest(h({ host: "dash.example", origin: "https://evil.test" }), none)).toBe(false);
    expect(isSameOriginRequest(h({ host: "dash.example", origin: "null" }), none)).toBe(false);
    expect(isSameOriginRequest(h({ host: "dash.example", origin: "javascript://dash.example" }), none)).toBe(false);
    expect(isSameOriginRequest(h({ host: "dash.example", "sec-fetch-site": "cross-site" }), none)).toBe(false);
    expect(isSameOriginRequest(h({ host: "dash.example", "sec-fetch-site": "same-site" }), none)).toBe(false);
    expect(isSameOriginRequest(h({ host: "dash.example", "sec-fetch-site": "same-origin" }), none)).toBe(true);
    expect(isSameOriginRequest(h({ host: "dash.example" }), none)).toBe(true);
  });
});
