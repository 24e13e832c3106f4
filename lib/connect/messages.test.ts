import { describe, expect, it } from "vitest";
import { connectMessageSchema } from "@/lib/connect/messages";

describe("the postMessage contract", () => {
  it("accepts each message type with its envelope", () => {
    const envelope = { source: "latchkey", version: 1 };
    for (const m of [
      { type: "ready" },
      { type: "step", step: "credentials", provider: "personio" },
      { type: "success", connectionId: "conn_1", provider: "personio", status: "active" },
      { type: "error", code: "session_expired", message: "Expired" },
      { type: "close", reason: "user" },
    ]) {
      expect(connectMessageSchema.safeParse({ ...envelope, ...m }).success).toBe(true);
    }
  });

  it("case 19: rejects anything not ours or malformed", () => {
    expect(connectMessageSchema.safeParse({ type: "ready" }).success).toBe(false);
    expect(connectMessageSchema.safeParse({ source: "latchkey", version: 2, type: "ready" }).success).toBe(false);
    expect(connectMessageSchema.safeParse({ source: "latchkey", version: 1, type: "success", provider: "x" }).success).toBe(false);
    expect(connectMessageSchema.safeParse({ source: "latchkey", version: 1, type: "step", step: "<script>" }).success).toBe(false);
    expect(connectMessageSchema.safeParse({ source: "latchkey", version: 1, type: "error", code: "x", message: "y".repeat(501) }).success).toBe(false);
    expect(connectMessageSchema.safeParse("latchkey").success).toBe(false);
  });
});
