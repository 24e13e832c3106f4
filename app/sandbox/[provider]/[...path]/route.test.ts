import { afterEach, describe, expect, it } from "vitest";
import { setEnvOverrides } from "@/lib/env";
import { GET, POST } from "./route";

const params = (provider: string, path: string[]) => ({ params: Promise.resolve({ provider, path }) });

describe("/sandbox/<provider>/... route", () => {
  afterEach(() => setEnvOverrides({ LATCHKEY_DEMO: "true" }));

  it("serves the simulator under its provider path in demo mode", async () => {
    setEnvOverrides({ LATCHKEY_DEMO: "true" });
    const res = await POST(
      new Request("http://localhost:3000/sandbox/hrworks/v2/authentication", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessKey: "HWSANDBOX-ALL", secretAccessKey: "hrworks-sandbox-secret" }),
      }),
      params("hrworks", ["v2", "authentication"]),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { token: string }).token.split(".")).toHaveLength(3);
    const health = await GET(new Request("http://localhost:3000/sandbox/hrworks/v2/health-check"), params("hrworks", ["v2", "health-check"]));
    expect(health.status).toBe(200);
  });

  it("answers 404 outside demo mode and for unknown providers", async () => {
    setEnvOverrides({ LATCHKEY_DEMO: "false", DATABASE_URL: "postgresql://x@localhost/db", LATCHKEY_MASTER_KEYS: "k1:" + "a".repeat(44), AUTH_SECRET: "s".repeat(40), LATCHKEY_PUBLIC_URL: "https://connect.example.com" });
    expect((await GET(new Request("http://localhost/sandbox/hrworks/v2/health-check"), params("hrworks", ["v2", "health-check"]))).status).toBe(404);
    setEnvOverrides({ LATCHKEY_DEMO: "true" });
    expect((await GET(new Request("http://localhost/sandbox/nope/x"), params("nope", ["x"]))).status).toBe(404);
  });
});
