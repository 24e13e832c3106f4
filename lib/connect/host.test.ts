import { describe, expect, it } from "vitest";
import { buildMessages, isShownMessage, originOf, targetOrigins } from "@/lib/connect/host";
import { connectMessageSchema, hostMessageSchema } from "@/lib/connect/messages";

describe("wizard → host messages", () => {
  it("case 20: builds only messages the contract's zod schema accepts", () => {
    const b = buildMessages();
    for (const m of [b.ready(), b.step("form", "hrworks"), b.step("picker"), b.success("conn_x", "personio", "active"), b.success("conn_y", "justworks"), b.error("session_expired", "x".repeat(900)), b.error("x", ""), b.close("done"), b.close("user")]) {
      expect([m, connectMessageSchema.safeParse(m).success]).toEqual([m, true]);
    }
    expect(b.success("conn_1", "personio", "active")).toEqual({ source: "latchkey", version: 1, type: "success", connectionId: "conn_1", provider: "personio", status: "active" });
  });

  it("case 20: targets only allowed origins, the parent's when it is one of them", () => {
    const allowed = ["https://app.a.example", "http://localhost:3001"];
    expect(targetOrigins(allowed, "http://localhost:3001/")).toEqual(["http://localhost:3001"]);
    expect(targetOrigins(allowed, "https://evil.example/")).toEqual(allowed);
    expect(targetOrigins(allowed, null)).toEqual(allowed);
    expect(targetOrigins(["https://app.vendor.example/", "https://app.vendor.example"], null)).toEqual(["https://app.vendor.example"]);
    expect(targetOrigins(["not a url", "*"], "https://evil.example")).toEqual([]);
    expect(originOf("javascript:alert(1)")).toBeNull();
  });
});

describe("host → wizard: shown", () => {
  it("accepts exactly what the contract's zod schema accepts", () => {
    const env = { source: "latchkey", version: 1 };
    const samples: unknown[] = [
      { ...env, type: "shown" },
      { ...env, type: "shown", extra: 1 },
      { ...env, type: "ready" },
      { source: "latchkey", version: 2, type: "shown" },
      { source: "other", version: 1, type: "shown" },
      { type: "shown" },
      "shown",
      null,
      [],
    ];
    for (const m of samples) expect([m, isShownMessage(m)]).toEqual([m, hostMessageSchema.safeParse(m).success]);
    expect(samples.filter(isShownMessage)).toHaveLength(1);
  });
});
