import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { isConnectEvent } from "@latchkey/connect";
import { connectMessageSchema } from "@/lib/connect/messages";
import { connectModuleSource, connectScriptSource } from "@/lib/connect/embed-script";

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

describe("@latchkey/connect as Latchkey serves it", () => {
  it("accepts exactly the messages the shared zod schema accepts", () => {
    for (const m of samples) expect([m, isConnectEvent(m)]).toEqual([m, connectMessageSchema.safeParse(m).success]);
    // Both kinds are represented, so the comparison means something.
    expect(samples.filter((m) => isConnectEvent(m)).length).toBeGreaterThan(5);
    expect(samples.filter((m) => !isConnectEvent(m)).length).toBeGreaterThan(5);
  });

  it("/connect.js and /connect.mjs are each under 5 KB gzipped", () => {
    for (const source of [connectScriptSource(), connectModuleSource()]) {
      expect(gzipSync(Buffer.from(source), { level: 9 }).length).toBeLessThan(5 * 1024);
    }
  });

  it("/connect.js is a classic script that sets window.Latchkey from its own src", () => {
    const source = connectScriptSource();
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    const window: Record<string, unknown> = {};
    const document = { currentScript: { src: "https://connect.example.com/connect.js?v=1" } };
    new Function("window", "document", "location", source)(window, document, { href: "https://app.vendor.example/settings" });
    const api = window.Latchkey as { origin: string; version: number; openConnect: unknown; prepareConnect: unknown; isMessage: (m: unknown) => boolean };
    expect(api.origin).toBe("https://connect.example.com");
    expect(typeof api.openConnect).toBe("function");
    expect(typeof api.prepareConnect).toBe("function");
    expect(api.isMessage({ ...env, type: "ready" })).toBe(true);
  });

  it("/connect.mjs exports openConnect, prepareConnect and close", () => {
    const mjs = connectModuleSource();
    expect(mjs).toMatch(/export\s*\{[^}]*\bas openConnect\b/);
    expect(mjs).toMatch(/\bas prepareConnect\b/);
    expect(mjs).toMatch(/\bas close\b/);
    expect(mjs).toContain("import.meta.url");
  });
});
