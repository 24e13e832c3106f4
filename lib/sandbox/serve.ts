// Runs a simulator as a standalone HTTP server on a free loopback port, for tests and benchmarks.
// It adds a configurable latency per request, counts concurrent requests (the parallelism test
// asserts on `maxConcurrent`, not on time) and records every exchange so a contract test can
// validate each response the tests saw against the official specification.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxHandler } from "@/lib/sandbox/types";
import { sleep } from "@/lib/sandbox/util";

export type RecordedExchange = {
  method: string;
  /** The provider's path, without query. */
  path: string;
  query: string;
  /** The request body as sent (tests only; may hold sandbox credentials, never real ones). */
  requestBody: string;
  requestHeaders?: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  body: string;
};

export type LatencyOption = number | ((request: { method: string; path: string }) => number);

export type SandboxServer = {
  url: string;
  stats: { requests: number; inFlight: number; maxConcurrent: number };
  exchanges: RecordedExchange[];
  /** Set the latency for the next requests. */
  setLatency(latency: LatencyOption): void;
  /** Zero the counters (recorded exchanges are kept for the contract check). */
  reset(): void;
  close(): Promise<void>;
};

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function serveSandbox(handler: SandboxHandler, options: { latency?: LatencyOption; record?: boolean } = {}): Promise<SandboxServer> {
  let latency: LatencyOption = options.latency ?? 0;
  const record = options.record ?? true;
  const stats = { requests: 0, inFlight: 0, maxConcurrent: 0 };
  const exchanges: RecordedExchange[] = [];

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    stats.inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
    const aborter = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborter.abort();
    });
    try {
      const body = await readAll(req);
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const method = req.method ?? "GET";
      const delay = typeof latency === "function" ? latency({ method, path: url.pathname }) : latency;
      await sleep(delay, aborter.signal);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
      }
      const request = new Request(url, {
        method,
        headers,
        body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : new Uint8Array(body),
        signal: aborter.signal,
      });
      const response = await handler(request);
      const text = await response.text();
      if (aborter.signal.aborted) return;
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((v, k) => (outHeaders[k] = v));
      if (record) {
        const requestHeaders: Record<string, string> = {};
        headers.forEach((v, k) => (requestHeaders[k] = v));
        exchanges.push({ method, path: url.pathname, query: url.search, requestBody: body.toString("utf8"), requestHeaders, status: response.status, headers: outHeaders, body: text });
      }
      res.writeHead(response.status, outHeaders);
      res.end(text);
    } catch {
      if (!res.headersSent && !aborter.signal.aborted) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("sandbox failure");
      }
    } finally {
      stats.inFlight--;
    }
  };

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    exchanges,
    setLatency(next) {
      latency = next;
    },
    reset() {
      stats.requests = 0;
      stats.maxConcurrent = stats.inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
