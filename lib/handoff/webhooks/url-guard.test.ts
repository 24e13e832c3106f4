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
  ])("%s is private", (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (ip) => expect(isPrivateAddress(ip)).toBe(false));

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
  ])("refuses %s", (url) => expect(() => validateWebhookUrl(url, false)).toThrow(/private|loopback/));

  it.each(["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", "https://user:pw@example.com/x"])("refuses %s", (url) =>
    expect(() => validateWebhookUrl(url, false)).toThrow(),
  );

  it("accepts a public https URL and allows private ones only when configured", () => {
    expect(validateWebhookUrl("https://hooks.example.com/latchkey#frag", false)).toBe("https://hooks.example.com/latchkey");
    expect(validateWebhookUrl("http://127.0.0.1:9999/x", true)).toBe("http://127.0.0.1:9999/x");
  });
});
