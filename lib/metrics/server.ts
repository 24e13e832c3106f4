// The metrics listener: GET /metrics in Prometheus's text format, on a port of its own
// (METRICS_PORT), in every process that is started (the app and `npm run worker`).
//
// Why a port of its own and not a route of the app: the worker has no HTTP server; the app's port
// is the one the internet reaches through the vendor's proxy, and metrics do not belong there; and
// the route handlers run in Next.js's bundles, while this listener runs beside the launcher. Beyond
// loopback a scrape must also carry METRICS_TOKEN as a bearer token (lib/env.ts refuses to start
// without one), compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { Env } from "@/lib/env";
import { allowServerOnlyInThisProcess } from "@/lib/jobs/node-server-only";
import { startProcessMetrics } from "@/lib/metrics/registry";

export type MetricsServer = { port: number; close: () => Promise<void> };

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the request carries the token (always, when none is configured: loopback only). */
export function scrapeAuthorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** Start the listener when METRICS_PORT is set; resolves once it listens (a taken port stops start-up). */
export async function startMetricsServer(env: Env, role: "app" | "worker", options: { port?: number } = {}): Promise<MetricsServer | null> {
  const port = options.port ?? env.METRICS_PORT;
  if (port === undefined) return null;
  const m = startProcessMetrics(role);
  // The scrape reads the budgets through lib/rate-limit, which carries the "server-only" marker.
  allowServerOnlyInThisProcess();
  const { refreshDatabaseMetrics } = await import("@/lib/metrics/database");
  const token = env.METRICS_TOKEN;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found: the metrics are at GET /metrics.\n");
      return;
    }
    if (!scrapeAuthorized(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="latchkey-metrics"' }).end("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.\n");
      return;
    }
    void (async () => {
      try {
        await refreshDatabaseMetrics(m);
        const body = await m.registry.metrics();
        res.writeHead(200, { "content-type": m.registry.contentType, "cache-control": "no-store" }).end(body);
      } catch {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("The metrics could not be collected.\n");
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(`METRICS_PORT: cannot listen on ${env.METRICS_HOST ?? env.HOST}:${port} (${err.code ?? err.message}); give each process on one host its own METRICS_PORT`)),
    );
    server.listen(port, env.METRICS_HOST ?? env.HOST, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
