import { describe, expect, it } from "vitest";
import { connectMessageSchema, hostTargetOrigins } from "@/lib/connect/messages";
import { buildMessages, targetOrigins } from "./host";

describe("wizard → host messages", () => {
  it("builds only messages the shared zod schema accepts", () => {
    const b = buildMessages();
    for (const m of [b.ready(), b.step("form", "hrworks"), b.success("conn_x", "personio", "active"), b.error("session_expired", "x".repeat(900)), b.close("done")]) {
      expect(connectMessageSchema.safeParse(m).success).toBe(true);
    }
  });

  it("picks target origins exactly like lib/connect/messages", () => {
    const allowed = ["http://localhost:3101", "https://app.vendor.example/", "not a url"];
    for (const hint of [null, "http://localhost:3101/demo", "https://evil.example", "https://app.vendor.example/x"]) {
      expect(targetOrigins(allowed, hint)).toEqual(hostTargetOrigins(allowed, hint));
    }
    expect(targetOrigins(allowed, "https://evil.example")).not.toContain("https://evil.example");
    expect(targetOrigins(allowed, null)).not.toContain("*");
  });
});
