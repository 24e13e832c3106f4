import { describe, expect, it } from "vitest";
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
