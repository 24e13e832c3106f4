// The passthrough's perimeter (issue 14): the provider's answer is streamed and cut at the 5 MB
// cap (case 33, finding 4: before, a 200 MB answer raised the server's memory by 270 MB), and a
// `credentials:read` key may only read (GET, HEAD) while writes need `proxy:write` (finding 10).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as proxyRoute } from "@/app/api/v1/connections/[id]/proxy/route";
import { resetApiRateLimits } from "@/lib/api/rate-limit";
import { systemActor } from "@/lib/audit";
import { proxyCall } from "@/lib/connections/passthrough";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { auditLog, connections, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { MAX_PROXY_RESPONSE_BYTES } from "@/lib/providers/passthrough";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_ATTRIBUTES, PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { sealCredential } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

const CLIENT = "personio-passthrough-cap";
const HUGE_BYTES = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");

/**
 * A provider in front of the Personio simulator: /v1/huge answers 64 MB of JSON, written as fast as
 * the reader takes it (counting what was actually sent); /v1/write records writes; everything
 * else goes to the simulator (the token exchange, employees).
 */
async function startProvider(sandboxUrl: string) {
  const seen = { hugeBytesSent: 0, hugeDone: false, writes: [] as string[], heads: 0 };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/v1/huge") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      const pump = () => {
        while (seen.hugeBytesSent < HUGE_BYTES) {
          seen.hugeBytesSent += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once("drain", pump);
        }
        seen.hugeDone = true;
        res.end("]");
      };
      res.on("close", () => res.destroy());
      pump();
      return;
    }
    if (url.pathname === "/v1/write") {
      seen.writes.push(req.method ?? "");
      if (req.method === "HEAD") seen.heads++;
      res.writeHead(200, { "content-type": "application/json", etag: '"v1"' });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify({ ok: true }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
    const upstream = await fetch(sandboxUrl + url.pathname + url.search, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "content-encoding" && k !== "transfer-encoding") out[k] = v;
    });
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe(`passthrough cap and write permission on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let readKey: string;
  let writeKey: string;
  let mark = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    PERSONIO_SANDBOX_CLIENTS[CLIENT] = { areas: ["employees"], attributes: [...PERSONIO_SANDBOX_ATTRIBUTES] };
    sandbox = await serveSandbox(createPersonioSandbox());
    provider = await startProvider(sandbox.url);
    setEnvOverrides({ PERSONIO_API_URL: provider.url, PROXY_RATE_LIMIT_PER_MINUTE: "1000", PROVIDER_TIMEOUT_MS: "20000" });
    await t.db.insert(workspaces).values([{ id: "ws_cap", slug: "cap", name: "Cap" }]);
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({ id: "conn_cap", workspaceId: "ws_cap", endUserId: "cust-1", provider: "personio", requiredScopes: ["employees"] });
      await sealCredential(tx, { workspaceId: "ws_cap", connectionId: "conn_cap", provider: "personio", values: { clientId: CLIENT, clientSecret: PERSONIO_SANDBOX_SECRET }, actor: systemActor });
    });
    readKey = (await insertApiKey(t.db, { workspaceId: "ws_cap", permissions: ["credentials:read"] })).key;
    writeKey = (await insertApiKey(t.db, { workspaceId: "ws_cap", permissions: ["proxy:write"] })).key;
  });
  afterAll(async () => {
    await provider?.close();
    await sandbox?.close();
    delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
    await t?.drop();
  });
  beforeEach(async () => {
    resetApiRateLimits();
    mark = (await t.pool.query<{ m: number }>("select coalesce(max(id), 0)::int as m from audit_log")).rows[0]!.m;
  });

  it("case 33: a 64 MB answer is cut at 5 MB: refused with provider_error, memory stays low, the rest is never downloaded", async () => {
    // Warm up (token exchange, modules) so that the measurement sees only the answer.
    await proxyCall(t.db, { workspaceId: "ws_cap", connectionId: "conn_cap", request: { method: "GET", path: "/v1/company/employees" }, actor: { type: "api_key", id: "k" } });
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakBuffers = before.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    }, 5);
    try {
      await expect(
        proxyCall(t.db, { workspaceId: "ws_cap", connectionId: "conn_cap", request: { method: "GET", path: "/v1/huge" }, actor: { type: "api_key", id: "k" } }),
      ).rejects.toMatchObject({ code: "provider_error", message: expect.stringContaining("5 MB") });
    } finally {
      clearInterval(sampler);
    }
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    const grewBuffers = peakBuffers - before.arrayBuffers;
    const grewRss = peakRss - before.rss;
    console.info(`passthrough 64 MB answer: arrayBuffers +${mb(grewBuffers)} MB, rss +${mb(grewRss)} MB, sent before the cut ${mb(provider.seen.hugeBytesSent)} MB`);
    // Before: the whole answer was read first (arrayBuffer), +64 MB at least, then copied.
    expect(grewBuffers).toBeLessThan(3 * MAX_PROXY_RESPONSE_BYTES);
    expect(grewRss).toBeLessThan(48 * 1024 * 1024);
    // The reader stopped: the provider never got to write the whole answer.
    await new Promise((r) => setTimeout(r, 200));
    expect(provider.seen.hugeDone).toBe(false);
    expect(provider.seen.hugeBytesSent).toBeLessThan(HUGE_BYTES / 2);
  });

  const route = (key: string, body: unknown) =>
    proxyRoute(
      new Request("http://localhost:3000/api/v1/connections/conn_cap/proxy", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ id: "conn_cap" }) },
    );

  it("credentials:read reads (GET, HEAD) but may not write; the refusal is audited and nothing reaches the provider", async () => {
    const got = await route(readKey, { method: "GET", path: "/v1/company/employees" });
    expect(got.status).toBe(200);
    const head = await route(readKey, { method: "HEAD", path: "/v1/write" });
    expect(head.status).toBe(200);
    expect((await head.json()).headers.etag).toBe('"v1"');
    expect(provider.seen.heads).toBe(1);
    const writesBefore = provider.seen.writes.length;
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await route(readKey, { method, path: "/v1/write", body: { first_name: "Mallory" } });
      expect(res.status, method).toBe(403);
      expect((await res.json()).error.message).toContain("proxy:write");
    }
    expect(provider.seen.writes.length).toBe(writesBefore);
    const denied = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "api.denied"), gt(auditLog.id, mark)));
    expect(denied).toHaveLength(4);
    expect(denied[0]!.details).toMatchObject({ status: 403, path: "/api/v1/connections/conn_cap/proxy" });
  });

  it("proxy:write writes", async () => {
    const res = await route(writeKey, { method: "PATCH", path: "/v1/write", body: { first_name: "Ada" } });
    expect(res.status).toBe(200);
    expect(provider.seen.writes.at(-1)).toBe("PATCH");
  });
});
