import { describe, expect, it } from "vitest";
import { connectMessage, hostTargetOrigins, originOf, parseConnectMessage } from "@/lib/connect/messages";

describe("the postMessage contract", () => {
  it("builds messages with the envelope that parse back", () => {
    const m = connectMessage({ type: "success", connectionId: "conn_1", provider: "personio", status: "active" });
    expect(m).toEqual({ source: "latchkey", version: 1, type: "success", connectionId: "conn_1", provider: "personio", status: "active" });
    expect(parseConnectMessage(m)).toEqual(m);
    expect(parseConnectMessage(connectMessage({ type: "error", code: "session_expired", message: "Expired" }))?.type).toBe("error");
  });

  it("rejects anything not ours or malformed", () => {
    expect(parseConnectMessage({ type: "ready" })).toBeNull();
    expect(parseConnectMessage({ source: "latchkey", version: 1, type: "success", provider: "x" })).toBeNull();
    expect(parseConnectMessage({ source: "latchkey", version: 1, type: "step", step: "<script>" })).toBeNull();
    expect(parseConnectMessage("latchkey")).toBeNull();
  });

  it("targets only allowed origins, the parent's when it is one of them", () => {
    const allowed = ["https://app.a.example", "http://localhost:3001"];
    expect(hostTargetOrigins(allowed, "http://localhost:3001/")).toEqual(["http://localhost:3001"]);
    expect(hostTargetOrigins(allowed, "https://evil.example/")).toEqual(allowed);
    expect(hostTargetOrigins(allowed, null)).toEqual(allowed);
    expect(hostTargetOrigins(["not a url", "*"], "https://evil.example")).toEqual([]);
    expect(originOf("javascript:alert(1)")).toBeNull();
  });
});
