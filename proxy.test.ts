// /bench/* (the comparison routes of `npm run bench:wizard`) must not exist in a normal deployment;
// every response carries the CSP with a fresh script nonce, also handed to Next.js on the request.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCsp } from "@/lib/csp";

const DENY_WITH_SCRIPTS = /^frame-ancestors 'none'; script-src 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'; object-src 'none'; base-uri 'none'$/;

async function proxyWith(benchRoutes: string) {
  vi.resetModules();
  vi.stubEnv("LATCHKEY_BENCH_ROUTES", benchRoutes);
  return (await import("./proxy")).proxy;
}

const get = (path: string) => new NextRequest(new URL(path, "http://localhost:3000"));

describe("proxy: bench routes", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("answers 404 for /bench/* unless LATCHKEY_BENCH_ROUTES is on, with framing still denied", async () => {
    for (const off of ["", "false"]) {
      const proxy = await proxyWith(off);
      for (const path of ["/bench/baseline", "/bench/dynamic", "/bench", "/bench/baseline?_rsc=1"]) {
        const res = await proxy(get(path));
        expect(res.status).toBe(404);
        expect(res.headers.get("content-security-policy")).toMatch(DENY_WITH_SCRIPTS);
        expect(res.headers.get("x-middleware-next")).toBeNull();
      }
    }
  });

  it("lets them through when the bench turns them on, and leaves other paths alone", async () => {
    const on = await proxyWith("true");
    const res = await on(get("/bench/baseline"));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.get("content-security-policy")).toMatch(DENY_WITH_SCRIPTS);
    const off = await proxyWith("");
    expect((await off(get("/bench-baseline-1"))).headers.get("x-middleware-next")).toBe("1");
  });
});

describe("proxy: Content-Security-Policy", () => {
  afterEach(() => vi.unstubAllEnvs());

  /** The request headers the proxy passes on to Next.js (x-middleware-request-* on the response). */
  const forwarded = (res: Response, name: string) => res.headers.get(`x-middleware-request-${name}`);

  it("gives every page a fresh nonce in script-src, and Next.js the same policy on the request", async () => {
    const proxy = await proxyWith("");
    const nonces = new Set<string>();
    for (const path of ["/", "/dashboard", "/dashboard/sign-in", "/docs/api", "/demo", "/api/v1/connections", "/no-such-page"]) {
      const res = await proxy(get(path));
      const csp = res.headers.get("content-security-policy")!;
      expect([path, csp]).toEqual([path, expect.stringMatching(DENY_WITH_SCRIPTS)]);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(forwarded(res, "content-security-policy")).toBe(csp);
      const script = parseCsp(csp).get("script-src")!;
      expect(script).not.toContain("'unsafe-inline'");
      expect(script).not.toContain("'unsafe-eval'");
      nonces.add(script[0]!);
    }
    expect(nonces.size).toBe(7);
  });

  it("sets a request id unless the launcher or client sent a usable one", async () => {
    const proxy = await proxyWith("");
    expect(forwarded(await proxy(get("/")), "x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const given = new NextRequest(new URL("/", "http://localhost:3000"), { headers: { "x-request-id": "req-from-launcher-1" } });
    expect(forwarded(await proxy(given), "x-request-id")).toBe("req-from-launcher-1");
    const bad = new NextRequest(new URL("/", "http://localhost:3000"), { headers: { "x-request-id": "a b" } });
    expect(forwarded(await proxy(bad), "x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("allows eval only in the development server", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const proxy = await proxyWith("");
    const csp = (await proxy(get("/"))).headers.get("content-security-policy")!;
    expect(parseCsp(csp).get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("proxy: the wizard while the database is away", () => {
  afterEach(() => vi.unstubAllEnvs());

  // The fault drill's intermittent 500 (issue #15): a wizard action posted while Postgres was
  // stopped failed in the proxy's unknown-token check, before the action could answer
  // database_unavailable itself. Port 1 on loopback refuses at once, like a stopped Postgres.
  it("lets wizard pages and actions through to answer database_unavailable themselves, framing denied", async () => {
    vi.stubEnv("LATCHKEY_DEMO", "true");
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/postgres");
    const proxy = await proxyWith("");
    for (const init of [{}, { method: "POST", headers: { "next-action": "0123abcd" }, body: "[]" }]) {
      const res = await proxy(new NextRequest(new URL("/connect/lk_cs_unknown", "http://localhost:3000"), init));
      expect(res.status).toBe(200);
      expect(res.headers.get("x-middleware-next")).toBe("1");
      expect(res.headers.get("content-security-policy")).toMatch(DENY_WITH_SCRIPTS);
    }
  });
});
