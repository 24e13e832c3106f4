import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_BODY_LIMIT_BYTES, apiRoute, bodyRefusal, routePattern } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";

const echo = apiRoute({ body: z.object({ name: z.string().min(1, "Give a name") }) }, async ({ body }) => ({ hello: body.name }));

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://test/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("apiRoute", () => {
  it("parses the body and answers with JSON and a request id", async () => {
    const res = await echo(post(JSON.stringify({ name: "Ada" })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: "Ada" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a well-formed request id given by the caller", async () => {
    const res = await echo(post(JSON.stringify({ name: "Ada" }), { "x-request-id": "req-12345678" }));
    expect(res.headers.get("x-request-id")).toBe("req-12345678");
  });

  it("answers malformed JSON with 400 invalid_input", async () => {
    const res = await echo(post("{not json"));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it("answers a schema violation with 400 and the field's message", async () => {
    const res = await echo(post(JSON.stringify({ name: "" })));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields.name).toEqual(["Give a name"]);
  });

  it("turns an AppError into its status and message", async () => {
    const route = apiRoute({}, async () => {
      throw new AppError("rate_limited", "Too many checks. Try again in 30 seconds.", { retryAfterSeconds: 30 });
    });
    const res = await route(new Request("http://test/api/x"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect((await res.json()).error).toEqual({ code: "rate_limited", message: "Too many checks. Try again in 30 seconds." });
  });

  it("hides an unexpected error's message behind a generic one with the request id", async () => {
    const route = apiRoute({}, async () => {
      throw new Error("connection string postgres://user:CANARY@db");
    });
    const res = await route(new Request("http://test/api/x", { headers: { "x-request-id": "req-abcdefgh" } }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("CANARY");
    expect(JSON.parse(text).error.message).toContain("req-abcdefgh");
  });

  it("requires an API key on routes that need a permission", async () => {
    const route = apiRoute({ permission: "sessions:write" }, async () => ({}));
    const res = await route(new Request("http://test/api/x"));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });
});

describe("apiRoute client address", () => {
  it("ignores a forged X-Forwarded-For: the address is the one the launcher decided", async () => {
    let seen: string | null = "unset";
    const route = apiRoute({}, async ({ ip }) => {
      seen = ip;
      return {};
    });
    await route(new Request("http://test/api/x", { headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.7" } }));
    expect(seen).toBeNull();
    await route(new Request("http://test/api/x", { headers: { "x-forwarded-for": "6.6.6.6", "x-latchkey-client-ip": "203.0.113.4" } }));
    expect(seen).toBe("203.0.113.4");
  });
});

describe("apiRoute body size", () => {
  const big = JSON.stringify({ name: "x".repeat(API_BODY_LIMIT_BYTES) });

  it("case 27: answers 413 payload_too_large for a body over the limit, announced by Content-Length", async () => {
    const res = await echo(post(big, { "content-length": String(Buffer.byteLength(big)) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("case 27: answers 413 for a streamed body that grows past the limit without a Content-Length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > API_BODY_LIMIT_BYTES * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await echo(new Request("http://test/api/x", { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    // Reading stopped at the limit, not at the end of the stream.
    expect(sent).toBeLessThanOrEqual(API_BODY_LIMIT_BYTES + 2 * chunk.length);
  });

  it("still accepts a body just under the limit", async () => {
    const ok = JSON.stringify({ name: "x".repeat(API_BODY_LIMIT_BYTES - 20) });
    expect((await echo(post(ok))).status).toBe(200);
  });
});

describe("the launcher's body check (server actions and every route)", () => {
  it("case 27: refuses a declared body over the limit with 413 and a streamed server action with 411, and lets the rest through", () => {
    expect(bodyRefusal({ "content-length": String(API_BODY_LIMIT_BYTES + 1), "next-action": "abc" })).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(bodyRefusal({ "content-length": String(API_BODY_LIMIT_BYTES + 1) })).toMatchObject({ status: 413 });
    expect(bodyRefusal({ "transfer-encoding": "chunked", "next-action": "abc" })).toMatchObject({ status: 411, code: "length_required" });
    expect(bodyRefusal({ "content-length": "120", "next-action": "abc" })).toBeNull();
    // API routes read streamed bodies themselves, up to the limit.
    expect(bodyRefusal({ "transfer-encoding": "chunked" })).toBeNull();
  });

  it("answers 503 database_unavailable with Retry-After when the database is away, not 500", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const wrapped = Object.assign(new Error("Failed query: select ..."), { cause: new Error("Connection terminated unexpectedly") });
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    for (const err of [refused, wrapped, shutdown]) {
      const res = await apiRoute({}, async () => {
        throw err;
      })(new Request("http://test/api/x"));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      const body = await res.json();
      expect(body.error.code).toBe("database_unavailable");
      expect(body.error.message).toMatch(/cannot reach its database.*Try again in 5 seconds/);
    }
    // Any other failure stays a 500 with a reference.
    const other = await apiRoute({}, async () => {
      throw new Error("duplicate key value violates unique constraint");
    })(new Request("http://test/api/x"));
    expect(other.status).toBe(500);
  });
});

describe("routePattern (the metrics' route label)", () => {
  const ctx = (params: Record<string, string | string[]>) => ({ params: Promise.resolve(params) });
  it.each<[string, Record<string, string | string[]> | undefined, string]>([
    ["/api/v1/connections", {}, "/api/v1/connections"],
    ["/api/v1/connections/conn_abc123/proxy", { id: "conn_abc123" }, "/api/v1/connections/[id]/proxy"],
    ["/api/v1/webhook-endpoints/whe_x%2Fy/rotate-secret", { id: "whe_x/y" }, "/api/v1/webhook-endpoints/[id]/rotate-secret"],
    ["/api/v1/files/a_1/b_2", { path: ["a_1", "b_2"] }, "/api/v1/files/[...path]"],
    ["/api/v1/openapi.json", {}, "/api/v1/openapi.json"],
    // No route context (or a segment Next did not match as a parameter): never an id in the label.
    ["/api/v1/connections/conn_abc123", undefined, "/api/v1/connections/[?]"],
    ["/api/v1/connections/Someone@Example.com", {}, "/api/v1/connections/[?]"],
  ])("%s → its pattern", async (path, params, pattern) => {
    expect(await routePattern(new Request(`http://test${path}`), params ? ctx(params) : undefined)).toBe(pattern);
  });

  it("takes a route context without params (Next.js, for a route without parameters)", async () => {
    const none = { params: undefined as unknown as Promise<Record<string, string>> };
    expect(await routePattern(new Request("http://test/api/v1/connections"), none)).toBe("/api/v1/connections");
  });
});
