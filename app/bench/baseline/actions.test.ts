import { afterEach, describe, expect, it, vi } from "vitest";

async function load(benchRoutes: string) {
  vi.resetModules();
  vi.stubEnv("LATCHKEY_BENCH_ROUTES", benchRoutes);
  return (await import("./actions")).submitBaseline;
}

describe("the bench baseline's server action", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is a 404 unless LATCHKEY_BENCH_ROUTES is on", async () => {
    for (const off of ["", "false"]) {
      await expect((await load(off))()).rejects.toMatchObject({ digest: expect.stringMatching(/404/) });
    }
    await expect((await load("true"))()).resolves.toBeUndefined();
  });
});
