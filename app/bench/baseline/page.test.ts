// The bench's comparison route must not exist in a normal deployment.
import { afterEach, describe, expect, it, vi } from "vitest";

async function loadPage(benchRoutes: string | undefined) {
  vi.resetModules();
  vi.stubEnv("LATCHKEY_BENCH_ROUTES", benchRoutes ?? "");
  return (await import("./page")).default;
}

const notFoundDigest = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { digest?: string }).digest;
  }
  return undefined;
};

describe("/bench/baseline", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is a 404 unless LATCHKEY_BENCH_ROUTES is on", async () => {
    expect(notFoundDigest(await loadPage(undefined))).toMatch(/404/);
    expect(notFoundDigest(await loadPage("false"))).toMatch(/404/);
  });

  it("renders one form when the bench turns it on", async () => {
    const Page = await loadPage("true");
    expect(notFoundDigest(Page)).toBeUndefined();
    expect(JSON.stringify(Page())).toContain('"form"');
  });
});
