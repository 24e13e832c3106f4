// /bench/* (the comparison routes of `npm run bench:wizard`) must not exist in a normal deployment.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

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
        expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
        expect(res.headers.get("x-middleware-next")).toBeNull();
      }
    }
  });

  it("lets them through when the bench turns them on, and leaves other paths alone", async () => {
    const on = await proxyWith("true");
    const res = await on(get("/bench/baseline"));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    const off = await proxyWith("");
    expect((await off(get("/bench-baseline-1"))).headers.get("x-middleware-next")).toBe("1");
  });
});
