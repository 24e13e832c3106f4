import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadEnv } from "@/lib/env";
import { createProviderHttp, MAX_RESPONSE_BYTES, parseRetryAfter, providerBaseUrl, ProviderCallError } from "@/lib/providers/http";

let server: Server;
let base: string;
let hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === "/redirect") {
      res.writeHead(302, { location: "/target" });
      return res.end();
    }
    if (path === "/huge") {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const push = () => {
        while (sent <= MAX_RESPONSE_BYTES + chunk.length) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once("drain", push);
        }
        res.end();
      };
      return push();
    }
    if (path === "/slow") {
      const t = setTimeout(() => res.end("{}"), 2000);
      res.on("close", () => clearTimeout(t));
      return;
    }
    if (path === "/trickle") {
      // Headers at once, then one byte at a time, never finishing on its own.
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      const t = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(t));
      return;
    }
    if (path === "/html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html>secret-looking body</html>");
    }
    if (path === "/echo") {
      res.writeHead(200, { "content-type": "application/json", "retry-after": "7" });
      return res.end(JSON.stringify({ method: req.method, ua: req.headers["user-agent"], query: req.url }));
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("providerBaseUrl", () => {
  const env = (vars: Record<string, string>) => loadEnv({ NODE_ENV: "test", ...vars });
  it("uses the production host outside demo mode", () => {
    const e = env({ DATABASE_URL: "postgres://x@localhost/db", LATCHKEY_DEMO: "false", LATCHKEY_MASTER_KEYS: "k1:abc", AUTH_SECRET: "s".repeat(40), LATCHKEY_PUBLIC_URL: "https://connect.example.com" });
    expect(providerBaseUrl("hrworks", e)).toBe("https://api.hrworks.de");
    expect(providerBaseUrl("personio", e)).toBe("https://api.personio.de");
  });
  it("uses the built-in sandbox in demo mode", () => {
    expect(providerBaseUrl("personio", env({ PORT: "3100" }))).toBe("http://localhost:3100/sandbox/personio");
  });
  it("a set variable always wins, even in demo mode", () => {
    expect(providerBaseUrl("hrworks", env({ HRWORKS_API_URL: "https://api.demo-hrworks.de/" }))).toBe("https://api.demo-hrworks.de");
  });
});

describe("createProviderHttp", () => {
  it("case 31: never follows a redirect", async () => {
    hits = {};
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 1000 });
    await expect(http.request({ path: "/redirect" })).rejects.toMatchObject({ kind: "redirect", status: 302 });
    expect(hits["/target"]).toBeUndefined();
  });
  it("case 33: refuses an answer above the size cap", async () => {
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 5000 });
    await expect(http.request({ path: "/huge" })).rejects.toMatchObject({ kind: "too_large" });
  });
  it("case 33: classifies a slow answer as a timeout and a closed port as unreachable", async () => {
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 150 });
    await expect(http.request({ path: "/slow" })).rejects.toMatchObject({ kind: "timeout" });
    const closed = createProviderHttp({ baseUrl: "http://127.0.0.1:1", timeoutMs: 1000 });
    await expect(closed.request({ path: "/" })).rejects.toMatchObject({ kind: "unreachable" });
  });
  it("case 33: a body trickling byte by byte is cut at the timeout, while other requests go on", async () => {
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 1500 });
    const started = Date.now();
    let settled = 0;
    const trickles = [http.request({ path: "/trickle" }), http.request({ path: "/trickle" })].map((p) =>
      p.then(
        () => "answered",
        (e: unknown) => e,
      ).finally(() => settled++),
    );
    const others = await Promise.all([1, 2, 3].map(() => http.request({ path: "/echo" })));
    for (const r of others) expect(r.status).toBe(200);
    expect(settled).toBe(0);
    for (const outcome of await Promise.all(trickles)) expect(outcome).toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(1500 + 3000);
  });

  it("case 13: turns a non-JSON or wrongly shaped body into `malformed` without echoing it", async () => {
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 1000 });
    const res = await http.request({ path: "/html" });
    let error: unknown;
    try {
      res.json();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderCallError);
    expect((error as ProviderCallError).kind).toBe("malformed");
    expect(String((error as Error).message)).not.toContain("secret-looking");
    const echo = await http.request({ path: "/echo" });
    expect(() => echo.parse(z.object({ nope: z.string() }))).toThrow(ProviderCallError);
  });
  it("sends query arrays, a user agent, and reads Retry-After", async () => {
    const http = createProviderHttp({ baseUrl: base, timeoutMs: 1000 });
    const res = await http.request({ path: "/echo", query: { "persons[]": ["a", "b"], onlyActive: true, skip: undefined } });
    const body = res.parse(z.object({ ua: z.string(), query: z.string() }));
    expect(body.ua).toMatch(/^Latchkey/);
    expect(body.query).toBe("/echo?persons%5B%5D=a&persons%5B%5D=b&onlyActive=true");
    expect(res.retryAfterSeconds()).toBe(7);
  });
  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
