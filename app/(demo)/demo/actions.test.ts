import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setEnvOverrides } from "@/lib/env";

const requestHeaders = { current: new Headers() };
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));
vi.mock("@/lib/demo", () => ({ readDemoApiKey: () => "lk_demo_key_for_this_test" }));

const { listDemoConnections, createDemoSession, deleteDemoConnection } = await import("./actions");

describe("demo server actions", () => {
  const fetchMock = vi.fn(async () => Response.json({ data: [] }));
  beforeEach(() => {
    fetchMock.mockClear();
    vi.stubGlobal("fetch", fetchMock);
    setEnvOverrides({ LATCHKEY_DEMO: "true", PORT: "3000", LATCHKEY_DEMO_PORT: "3001" });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setEnvOverrides({ LATCHKEY_DEMO: "true" });
  });

  const calls = async () => {
    await listDemoConnections();
    await createDemoSession({ language: "en", provider: "all", userId: "u1" });
    await deleteDemoConnection("conn_x");
  };

  it("answer on the demo host page's port in demo mode", async () => {
    requestHeaders.current = new Headers({ "x-latchkey-listener-port": "3001" });
    expect(await listDemoConnections()).toEqual({ ok: true, data: [] });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("refuse on the app's own port, even with a Host header naming the demo port", async () => {
    requestHeaders.current = new Headers({ "x-latchkey-listener-port": "3000", host: "localhost:3001" });
    await calls();
    expect(await listDemoConnections()).toMatchObject({ ok: false, code: "forbidden" });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("refuse without the launcher's listener header", async () => {
    requestHeaders.current = new Headers({ host: "localhost:3001" });
    await calls();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("refuse outside demo mode", async () => {
    setEnvOverrides({ LATCHKEY_DEMO: "false", DATABASE_URL: "postgresql://x@localhost/db", LATCHKEY_MASTER_KEYS: "k1:" + "a".repeat(44), AUTH_SECRET: "s".repeat(40), LATCHKEY_PUBLIC_URL: "https://connect.example.com" });
    requestHeaders.current = new Headers({ "x-latchkey-listener-port": "3001" });
    await calls();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
