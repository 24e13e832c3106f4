// What the benches share: is the test Postgres there, percentiles, and the built app started as
// `npm start` does it (scripts/serve.ts) on a port of the bench's choosing, waited for, and stopped.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { ADMIN_URL } from "@/test/db";

/** True when the Postgres the tests use (TEST_POSTGRES_URL, else 127.0.0.1:5432) answers. */
export async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** The p-th percentile (nearest rank) of `xs`; NaN for none. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Resolves once `url` answers 2xx; throws after `timeoutMs`. */
export async function waitForUrl(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * The built app (`npm run build` first) in production mode on `port` (its demo simulators on
 * port + 1), with `env` on top of this process's; `cpuProfDir` runs it under `node --cpu-prof`,
 * which writes the profile when it is stopped. Resolves once /api/health answers.
 */
export async function startServer(options: { port: number; env: Record<string, string>; cpuProfDir?: string; stdio?: "inherit" | "ignore" }): Promise<ChildProcess> {
  const { port, env, cpuProfDir } = options;
  const args = [...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []), "--import", "tsx", "scripts/serve.ts"];
  const server = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), LATCHKEY_DEMO_PORT: String(port + 1), LATCHKEY_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "ignore", options.stdio ?? "inherit"],
  });
  try {
    await waitForUrl(`http://127.0.0.1:${port}/api/health`);
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  return server;
}

/** SIGTERM, and SIGKILL if it has not exited within 20 s. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
}
