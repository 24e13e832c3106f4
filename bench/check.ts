// npm run bench:check — one full check per provider against its simulator with a fixed 200 ms
// latency on every request. Prints the wall time beside authentication + the slowest single probe
// request measured in the same run (the floor for a check that probes in parallel) and the sum of
// all requests (what probing one after another would cost). Ends with one JSON line whose `ratio`
// is the worst provider's wall time over its authentication + slowest probe. Never fails on timing.
//
// Plain Node (tsx), like the queue workers: the check engine carries the "server-only" marker, so the
// marker is allowed in this process first and the engine imported after that. (Running the whole
// script under `--conditions=react-server` instead resolves `react` to its server build, which
// lacks the hooks next-intl imports, and the bench crashed.)
import { Writable } from "node:stream";
import { setEnvOverrides } from "@/lib/env";
import { allowServerOnlyInThisProcess } from "@/lib/jobs/node-server-only";
import { createLogger } from "@/lib/log";
import { getProvider } from "@/lib/providers/index";
import type { ProviderId, ScopeId } from "@/lib/providers/types";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";
import { sandboxFactories } from "@/lib/sandbox/index";
import { serveSandbox } from "@/lib/sandbox/serve";

const LATENCY_MS = 200;
const RUNS = 3;
const BASE_URL_VARIABLE: Record<ProviderId, string> = { hrworks: "HRWORKS_API_URL", personio: "PERSONIO_API_URL", peoplehr: "PEOPLEHR_API_URL", justworks: "JUSTWORKS_API_URL" };

type RequestLine = { msg?: string; path?: string; latencyMs?: number };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

allowServerOnlyInThisProcess();
const [{ runCheck }, { getProviderServer }] = await Promise.all([import("@/lib/providers/check"), import("@/lib/providers/registry.server")]);

async function benchProvider(id: ProviderId) {
  const definition = getProvider(id)!;
  const credential = listSandboxCredentials(id).find((c) => c.expect.outcome === "ok" && !c.expect.missing);
  if (!credential) return undefined;
  const scopes = Object.keys(definition.scopes) as ScopeId[];
  const server = await serveSandbox(sandboxFactories[id]!(), { latency: LATENCY_MS, record: false });
  setEnvOverrides({ [BASE_URL_VARIABLE[id]]: server.url, PROVIDER_TIMEOUT_MS: "10000" });
  const runs: Array<{ wall: number; auth: number; slowestProbe: number; sum: number; requests: number; outcome: string }> = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const lines: RequestLine[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _e, done) {
          for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) lines.push(JSON.parse(l) as RequestLine);
          done();
        },
      });
      const logger = createLogger({ level: "debug", destination });
      const started = performance.now();
      const result = await runCheck({ provider: id, credentials: credential.values, required: scopes, optional: [], logger });
      const wall = performance.now() - started;
      const requests = lines.filter((l) => l.msg === "provider request");
      // Authentication is the first request; every probe request starts after it.
      const [auth, ...probes] = requests.map((r) => r.latencyMs ?? 0);
      if (i === 0) continue; // warm-up: module loading and the first connection
      runs.push({ wall, auth: auth ?? 0, slowestProbe: Math.max(0, ...probes), sum: requests.reduce((a, r) => a + (r.latencyMs ?? 0), 0), requests: requests.length, outcome: result.outcome });
    }
  } finally {
    await server.close();
  }
  const wall = median(runs.map((r) => r.wall));
  const floor = median(runs.map((r) => r.auth + r.slowestProbe));
  return {
    provider: id,
    outcome: runs[0]!.outcome,
    scopes: scopes.length,
    requests: runs[0]!.requests,
    wallMs: Math.round(wall),
    authMs: Math.round(median(runs.map((r) => r.auth))),
    slowestProbeMs: Math.round(median(runs.map((r) => r.slowestProbe))),
    sequentialMs: Math.round(median(runs.map((r) => r.sum))),
    ratio: Number((wall / floor).toFixed(3)),
  };
}

async function main() {
  setEnvOverrides({ LOG_LEVEL: "silent" });
  const ids = (Object.keys(sandboxFactories) as ProviderId[]).filter((id) => getProviderServer(id));
  const results = [];
  for (const id of ids) {
    const r = await benchProvider(id);
    if (!r) continue;
    results.push(r);
    console.log(
      `${getProvider(id)!.name.padEnd(18)} ${r.outcome.padEnd(4)} ${String(r.scopes).padStart(2)} scopes ${String(r.requests).padStart(2)} requests  ` +
        `wall ${String(r.wallMs).padStart(5)} ms   auth ${r.authMs} ms + slowest probe ${r.slowestProbeMs} ms = ${r.authMs + r.slowestProbeMs} ms   ` +
        `sequential would be ${r.sequentialMs} ms   ratio ${r.ratio}`,
    );
  }
  const worst = results.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(JSON.stringify({ bench: "check", latencyMs: LATENCY_MS, runs: RUNS, goal: 1.2, ratio: worst.ratio, worst: worst.provider, providers: results }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
