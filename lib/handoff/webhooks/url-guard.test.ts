import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { postOnce } from "@/lib/handoff/webhooks/deliver";
import { isPrivateAddress, validateWebhookUrl } from "@/lib/handoff/webhooks/url-guard";

describe("webhook URL guard", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::10.0.0.1",
    // Embedded and translated forms the hand-written list missed (finding 7).
    "::7f00:1",
    "::127.0.0.1",
    "::ffff:0:7f00:1",
    "2002:7f00:1::1",
    "2002::1",
    "64:ff9b:1::a00:1",
    "64:ff9b::8.8.8.8",
    "2001::1",
    "2001:db8::1",
    "ff02::1",
    "fec0::1",
    "3fff::1",
    "100::1",
    "255.255.255.255",
    "192.0.0.8",
    "198.18.0.1",
    "240.0.0.1",
    "not an address",
  ])("%s is private", (ip) => expect(isPrivateAddress(ip)).toBe(true));

  // IPv4-mapped forms are refused whole, even of a public address: a resolver never needs them.
  it("::ffff:8.8.8.8 is refused too", () => expect(isPrivateAddress("::ffff:8.8.8.8")).toBe(true));

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("%s is public", (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it.each([
    "http://127.0.0.1/hook",
    "http://[::1]:8080/hook",
    "http://10.0.0.5/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://localhost:3000/hook",
    "http://api.localhost/hook",
    "https://db.internal/hook",
    "http://2130706433/hook",
    "http://0x7f000001/hook",
    "http://[::127.0.0.1]/hook",
    "http://[::ffff:0:7f00:1]/hook",
    "http://[2002:7f00:1::1]/hook",
    "http://[64:ff9b:1::a00:1]/hook",
    "http://localhost./hook",
    "http://api.localhost../hook",
    "https://db.internal./hook",
  ])("refuses %s", (url) => expect(() => validateWebhookUrl(url, false)).toThrow(/private|loopback/));

  it.each(["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", "https://user:pw@example.com/x"])("refuses %s", (url) =>
    expect(() => validateWebhookUrl(url, false)).toThrow(),
  );

  it("accepts a public https URL and allows private ones only when configured", () => {
    expect(validateWebhookUrl("https://hooks.example.com/latchkey#frag", false)).toBe("https://hooks.example.com/latchkey");
    expect(validateWebhookUrl("http://127.0.0.1:9999/x", true)).toBe("http://127.0.0.1:9999/x");
  });
});

// The resolver is stubbed (no traffic to private ranges); the only listeners are on loopback.
describe("resolved addresses at delivery (stub resolver)", () => {
  type Listener = { server: http.Server; port: number; connections: number; requests: number };
  const listen = async (host: string, port = 0): Promise<Listener> => {
    const l = { connections: 0, requests: 0 } as Listener;
    l.server = http.createServer((_req, res) => {
      l.requests++;
      res.end("ok");
    });
    l.server.on("connection", () => l.connections++);
    await new Promise<void>((resolve) => l.server.listen(port, host, resolve));
    l.port = (l.server.address() as AddressInfo).port;
    return l;
  };
  const stubResolver = (answers: (call: number) => dns.LookupAddress[]) => {
    let calls = 0;
    const spy = vi.spyOn(dns, "lookup").mockImplementation(((_host: string, _options: unknown, callback: (e: null, a: dns.LookupAddress[]) => void) => {
      callback(null, answers(calls++));
    }) as unknown as typeof dns.lookup);
    return { calls: () => calls, spy };
  };
  const v4 = (address: string): dns.LookupAddress => ({ address, family: net.isIPv6(address) ? 6 : 4 });
  let loopback: Listener;
  beforeAll(async () => {
    loopback = await listen("127.0.0.1");
  });
  afterAll(() => loopback.server.close());
  afterEach(() => vi.restoreAllMocks());

  const bad = ["127.0.0.1", "10.0.0.5", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1", "fd00::1"];
  it.each(bad)("case 29: a host resolving to %s, alone or among public addresses, is refused before any socket opens", async (address) => {
    for (const answer of [[v4(address)], [v4("93.184.216.34"), v4(address)], [v4(address), v4("2606:4700:4700::1111")]]) {
      stubResolver(() => answer);
      const r = await postOnce(`http://hooks.vendor.example:${loopback.port}/latchkey`, {}, "{}", { timeoutMs: 2000, allowPrivate: false });
      expect(r).toMatchObject({ ok: false, statusCode: null });
      expect(r.error).toMatch(/private|loopback/);
      vi.restoreAllMocks();
    }
    expect(loopback.connections).toBe(0);
  });

  it("case 30: one resolution per attempt serves both the check and the connection; a rebound answer is checked afresh", async () => {
    // 127.0.0.2 stands for the public first answer (the test profile allows loopback), 127.0.0.1 for
    // what the name rebinds to afterwards.
    const first = await listen("127.0.0.2", loopback.port);
    try {
      const resolver = stubResolver((call) => [v4(call === 0 ? "127.0.0.2" : "127.0.0.1")]);
      const r = await postOnce(`http://rebind.vendor.example:${loopback.port}/latchkey`, {}, "{}", { timeoutMs: 2000, allowPrivate: true });
      expect(r).toMatchObject({ ok: true, statusCode: 200 });
      expect(resolver.calls()).toBe(1);
      expect(first.requests).toBe(1);
      expect(loopback.connections).toBe(0);
      // The next attempt resolves again and is checked again: the rebound address is refused.
      const again = await postOnce(`http://rebind.vendor.example:${loopback.port}/latchkey`, {}, "{}", { timeoutMs: 2000, allowPrivate: false });
      expect(again).toMatchObject({ ok: false, statusCode: null });
      expect(resolver.calls()).toBe(2);
      expect(loopback.connections).toBe(0);
    } finally {
      first.server.close();
    }
  });
});
