import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { connectMessageSchema } from "@/lib/connect/messages";
import { connectModuleSource, connectScriptSource } from "@/lib/connect/embed-script";

type Api = { origin: string; isMessage: (m: unknown) => boolean };

function loadFactory(): (src: string) => Api {
  const source = connectScriptSource();
  const body = source.slice(source.indexOf("/*factory:start*/") + 17, source.indexOf("/*factory:end*/"));
  // The factory reads only `location` at load time; give it the host page's.
  return new Function("location", `return (${body});`)({ href: "https://app.vendor.example/settings" }) as (src: string) => Api;
}

const env = { source: "latchkey", version: 1 };
const samples: unknown[] = [
  { ...env, type: "ready" },
  { ...env, type: "step", step: "credentials" },
  { ...env, type: "step", step: "credentials", provider: "personio" },
  { ...env, type: "step", step: "Credentials" },
  { ...env, type: "step", step: "" },
  { ...env, type: "step", step: "x".repeat(41) },
  { ...env, type: "step" },
  { ...env, type: "success", connectionId: "conn_1", provider: "hrworks" },
  { ...env, type: "success", connectionId: "conn_1", provider: "justworks", status: "pending" },
  { ...env, type: "success", connectionId: "", provider: "hrworks" },
  { ...env, type: "success", connectionId: "conn_1" },
  { ...env, type: "success", connectionId: 42, provider: "hrworks" },
  { ...env, type: "error", code: "session_expired", message: "This link has expired." },
  { ...env, type: "error", code: "session_expired", message: "x".repeat(501) },
  { ...env, type: "error", code: "session_expired" },
  { ...env, type: "close" },
  { ...env, type: "close", reason: "done" },
  { ...env, type: "close", reason: "bored" },
  { ...env, type: "resize", height: 300 },
  { source: "other", version: 1, type: "ready" },
  { source: "latchkey", version: 2, type: "ready" },
  { type: "ready" },
  "ready",
  null,
  [],
];

describe("public/connect.js", () => {
  it("is under 5 KB gzipped", () => {
    const gz = gzipSync(Buffer.from(connectScriptSource()), { level: 9 }).length;
    expect(gz).toBeLessThan(5 * 1024);
  });

  it("derives the Latchkey origin from its own src", () => {
    expect(loadFactory()("https://connect.example.com/connect.js?v=1").origin).toBe("https://connect.example.com");
  });

  it("accepts exactly the messages the shared zod schema accepts", () => {
    const api = loadFactory()("http://localhost:3000/connect.js");
    for (const m of samples) expect([m, api.isMessage(m)]).toEqual([m, connectMessageSchema.safeParse(m).success]);
    // Both kinds are represented, so the comparison means something.
    expect(samples.filter((m) => api.isMessage(m)).length).toBeGreaterThan(5);
    expect(samples.filter((m) => !api.isMessage(m)).length).toBeGreaterThan(5);
  });

  it("is also served as an ES module with the same factory", () => {
    const mjs = connectModuleSource();
    expect(mjs).toContain("factory(import.meta.url)");
    expect(mjs).toMatch(/export const openConnect/);
    expect(mjs).toMatch(/export default Latchkey/);
    expect(mjs).toContain("function isMessage(m)");
  });
});
