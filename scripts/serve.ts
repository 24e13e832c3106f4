// `npm start` (and `npm run dev` with --dev): one process with the app, the in-process workers
// and, in demo mode, the embedded database and the demo host page on a second origin.
import http from "node:http";
import next from "next";
import { boot } from "@/lib/boot";
import { readDemoApiKey } from "@/lib/demo";
import { ConfigError } from "@/lib/env";
import { safeErrorMessage } from "@/lib/log";
import { startWorkers } from "@/lib/jobs";
import { isDraining, markDraining } from "@/lib/health";
import { startMetricsServer } from "@/lib/metrics/server";
import { getBoss, stopBoss } from "@/lib/queue";
import { onShutdownSignals, remaining } from "@/lib/shutdown";
import { bodyRefusal, REQUEST_ID_HEADER } from "@/lib/api/handler";
import { acceptableRequestId } from "@/lib/audit";
import { trustedRequestHeaders } from "@/lib/client-address";
import { randomUUID } from "node:crypto";

const dev = process.argv.includes("--dev");

/** Paths carry session tokens: never log them. */
function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "/";
  return path.replace(/^\/connect\/[^/]+/, "/connect/[token]").replace(/^\/sandbox\/.*/, (p) => p.slice(0, 80));
}

async function main() {
  const started = Date.now();
  const booted = await boot("app");
  const { env, log } = booted;
  const boss = await getBoss();
  if (env.LATCHKEY_WORKERS === "in-process") await startWorkers(boss);
  const metricsServer = await startMetricsServer(env, "app");

  const app = next({ dev, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();

  const handler: http.RequestListener = (req, res) => {
    // The only place that sees the socket: decide the client's address once (TRUST_PROXY) and hand
    // it to the app in a header no client can set (lib/client-address.ts).
    trustedRequestHeaders(req.headers, req.socket, env.trustProxy);
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = acceptableRequestId(typeof given === "string" ? given : null) ?? randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Shutting down: answer, then close the connection, so that no keep-alive socket outlives the drain.
    if (isDraining()) res.setHeader("connection", "close");
    const t0 = performance.now();
    res.on("finish", () => {
      const path = loggablePath(req.url ?? "/");
      if (path.startsWith("/_next/")) return;
      log.info({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - t0) }, "request");
    });
    // One body limit for API routes and server actions, refused before Next.js reads a byte: Next
    // answers an action body over serverActions.bodySizeLimit with 500 (lib/api/handler.ts).
    const refusal = bodyRefusal(req.headers);
    if (refusal) {
      res.writeHead(refusal.status, { "content-type": "application/json", "cache-control": "no-store", connection: "close" });
      res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    void handle(req, res);
  };

  const servers: http.Server[] = [];
  const listen = (port: number) =>
    new Promise<http.Server>((resolve, reject) => {
      const server = http.createServer(handler);
      server.once("error", reject);
      server.listen(port, env.HOST, () => resolve(server));
    });
  servers.push(await listen(env.PORT));
  if (env.demo) servers.push(await listen(env.LATCHKEY_DEMO_PORT));

  const ms = Date.now() - started;
  const lines = [
    "",
    `  Latchkey is running${env.demo ? " in demo mode" : ""} (ready in ${ms} ms)`,
    `  App:              ${env.publicUrl}`,
    ...(env.demo ? [`  Demo host page:   ${env.demoHostUrl}/demo`, `  Demo API key:     ${readDemoApiKey() ?? "(none)"}  (local demo only)`] : []),
    `  API reference:    ${env.publicUrl}/docs/api`,
    `  Health:           ${env.publicUrl}/api/health`,
    ...(metricsServer ? [`  Metrics:          http://${env.METRICS_HOST ?? env.HOST}:${metricsServer.port}/metrics${env.METRICS_TOKEN ? "  (bearer METRICS_TOKEN)" : ""}`] : []),
    ...booted.banner,
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
  log.info({ url: env.publicUrl, demo: env.demo, readyMs: ms }, "ready");

  // SIGTERM: readiness answers 503 at once, the listeners take no new connections (idle keep-alive
  // ones are closed), requests in flight and running jobs get SHUTDOWN_TIMEOUT_SECONDS to finish,
  // then the queue and the database connections close (advisory locks go with them) and it exits.
  onShutdownSignals({
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    steps: [
      {
        name: "requests and jobs",
        run: async (deadline) => {
          markDraining();
          await Promise.all([
            ...servers.map((s) => closeServer(s, deadline)),
            stopBoss(remaining(deadline)),
          ]);
          await metricsServer?.close();
        },
      },
      { name: "database", run: () => booted.shutdown() },
    ],
  });
}

/** Stop accepting, close idle keep-alive sockets, let requests in flight finish until `deadline`, then cut the rest. */
function closeServer(server: http.Server, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), remaining(deadline, 0));
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(err.message + "\n");
  } else {
    process.stderr.write(`Latchkey could not start: ${err instanceof Error ? safeErrorMessage(err) : String(err)}\n`);
  }
  process.exit(1);
});
