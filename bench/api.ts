// `npm run bench:api`: the vendor API's throughput and latency on Postgres at concurrency 20, beside
// a bare route handler served by the same server in the same run (`/bench/api`: no database, no
// authentication). Measured, one after another: the bare handler, session creation
// (POST /api/v1/connect/sessions), the connection list (GET /api/v1/connections) and the
// passthrough (POST /api/v1/connections/{id}/proxy) against the built-in Personio simulator, which
// this same server serves in demo mode. Needs the build (`npm run build`) and the Postgres on
// 127.0.0.1:5432 (TEST_POSTGRES_URL). Never fails on timing. Prints a table and ends with one JSON
// line: per phase requests/s, p50, p95, errors, and each phase's throughput as a share of the bare
// handler's; beside them, measured in the bench's own process before the server starts, what one
// charge of the shared limits costs next to `select 1` on the same database.
//
// The phases take turns (BENCH_ROUNDS rounds, default 4) after a warm-up of each, so that a change in
// the machine's load touches every phase alike. BENCH_CPU_PROF=<dir> runs the server with
// `node --cpu-prof` and writes its profile there when the bench stops it; BENCH_REQUESTS (default
// 1000 per phase), BENCH_CONCURRENCY (20), BENCH_PORT (3900), BENCH_ACCEPT_ENCODING (e.g. identity).
// The provider budgets are lifted for the run (PROVIDER_BUDGETS): they would otherwise refuse the
// passthrough's token requests, which is their job but not what this bench measures.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { drizzle } from "drizzle-orm/node-postgres";
import { createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { allowServerOnlyInThisProcess } from "@/lib/jobs/node-server-only";
import * as schema from "@/lib/db/schema";
import { connections, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { newId } from "@/lib/ids";
import { PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { ADMIN_URL, createBareDatabase } from "@/test/db";
import { pct, postgresAnswers, startServer, stopServer } from "@/bench/helpers";

const PORT = Number(process.env.BENCH_PORT ?? 3900);
const APP = `http://127.0.0.1:${PORT}`;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARMUP = 100;
/** Phases take turns in this many rounds, so that a change in the machine's load touches all alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** Enough keys that no phase reaches a key's limits (600 requests, 120 sessions a minute). */
const KEYS = 40;
const CONNECTIONS = 40;
const PROF_DIR = process.env.BENCH_CPU_PROF;
/** BENCH_ACCEPT_ENCODING=identity asks for uncompressed answers (fetch asks for gzip by default). */
const ENCODING = process.env.BENCH_ACCEPT_ENCODING;
const encoding: Record<string, string> = ENCODING ? { "accept-encoding": ENCODING } : {};

type Sample = { ms: number; status: number };
type Phase = { name: string; rps: number; p50: number; p95: number; errors: number; statuses: Record<string, number> };

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `count` requests, `CONCURRENCY` at a time; `make(i)` issues the i-th. */
async function load(count: number, make: (i: number) => Promise<Response>): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        let status = 0;
        try {
          const res = await make(i);
          await res.arrayBuffer();
          status = res.status;
        } catch {
          status = 0;
        }
        samples.push({ ms: performance.now() - t0, status });
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

type PhaseSpec = { name: string; ok: (status: number) => boolean; make: (i: number) => Promise<Response> };

/** Every phase warmed up, then ROUNDS rounds in which each phase runs REQUESTS / ROUNDS requests in turn. */
async function run(specs: PhaseSpec[]): Promise<Phase[]> {
  for (const spec of specs) await load(WARMUP, spec.make);
  const acc = specs.map(() => ({ samples: [] as Sample[], seconds: 0 }));
  const per = Math.ceil(REQUESTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, spec] of specs.entries()) {
      const r = await load(per, (i) => spec.make(round * per + i));
      acc[k]!.samples.push(...r.samples);
      acc[k]!.seconds += r.seconds;
    }
  }
  return specs.map((spec, k) => summarize(spec.name, spec.ok, acc[k]!.samples, acc[k]!.seconds));
}

function summarize(name: string, ok: (status: number) => boolean, samples: Sample[], seconds: number): Phase {
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const ms = samples.map((s) => s.ms);
  return { name, rps: round1(samples.length / seconds), p50: round1(pct(ms, 50)), p95: round1(pct(ms, 95)), errors: samples.filter((s) => !ok(s.status)).length, statuses };
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Build first: npm run build");
  if (!(await postgresAnswers())) throw new Error(`bench:api measures on Postgres: nothing answers at ${ADMIN_URL} (TEST_POSTGRES_URL)`);
  const bare = await createBareDatabase("postgres");
  const masterKeys = `bench:${randomBytes(32).toString("base64")}`;
  const dataDir = `/tmp/latchkey-bench-api-${process.pid}`;
  let server: ChildProcess | undefined;
  try {
    const pool = createPool(bare.url, 4);
    await runMigrations(pool);
    setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true", LATCHKEY_MASTER_KEYS: masterKeys, LOG_LEVEL: "error" });
    const db = drizzle(pool, { schema });

    // One workspace, KEYS API keys with every permission, CONNECTIONS Personio connections whose
    // sealed credential is the simulator's "all permissions" client.
    const workspaceId = newId("ws");
    await db.insert(workspaces).values({ id: workspaceId, slug: "bench", name: "Bench" });
    const keys: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const { key } = await insertApiKey(db, { workspaceId, name: `bench ${i}`, permissions: ["sessions:write", "connections:read", "connections:write", "credentials:read"] });
      keys.push(key);
    }
    // The vault carries the server-only marker; plain Node may load it once this allows it.
    allowServerOnlyInThisProcess();
    const { sealCredential } = await import("@/lib/vault");
    const connectionIds: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const id = newId("conn");
      await db.insert(connections).values({ id, workspaceId, endUserId: `bench-${i}`, provider: "personio", status: "active", requiredScopes: ["employees"] });
      await sealCredential(db, {
        workspaceId,
        connectionId: id,
        provider: "personio",
        values: { clientId: "personio-sandbox-all", clientSecret: PERSONIO_SANDBOX_SECRET },
        fingerprintField: "clientSecret",
        actor: { type: "system", id: "bench" },
      });
      connectionIds.push(id);
    }

    // The shared limits' own cost, in this process on the same database: one charge (lib/rate-limit.ts)
    // beside the cheapest round trip, 20 at a time, over 40 keys and on one hot key.
    const { limitKey, spend } = await import("@/lib/rate-limit");
    const charge = async (name: string, fn: (i: number) => Promise<unknown>) => {
      const fake = (i: number) => fn(i).then(() => new Response(null, { status: 204 }));
      await load(WARMUP, fake);
      const r = await load(REQUESTS, fake);
      return summarize(name, (s) => s === 204, r.samples, r.seconds);
    };
    const charges = [
      await charge("select 1 (in process)", () => pool.query("select 1")),
      await charge("limit charge, 40 keys (in process)", (i) => spend([{ key: limitKey("bench", `k${i % 40}`), limit: { points: 1e9, durationSeconds: 60 } }], db)),
      await charge("limit charge, one key (in process)", () => spend([{ key: limitKey("bench", "hot"), limit: { points: 1e9, durationSeconds: 60 } }], db)),
    ];
    await pool.end();

    server = await startServer({
      port: PORT,
      cpuProfDir: PROF_DIR,
      env: {
        LATCHKEY_DEMO: "true",
        DATABASE_URL: bare.url,
        LATCHKEY_MASTER_KEYS: masterKeys,
        LATCHKEY_DATA_DIR: dataDir,
        LATCHKEY_BENCH_ROUTES: "true",
        LATCHKEY_WORKERS: "off",
        LOG_LEVEL: "warn",
        PROVIDER_BUDGETS: JSON.stringify({ personio: [] }),
        PROVIDER_BUDGET_WORKSPACE_PER_MINUTE: "1000000",
        PROVIDER_BUDGET_OVERALL_PER_MINUTE: "1000000",
        PROXY_RATE_LIMIT_PER_MINUTE: "100000",
      },
    });

    const auth = (i: number) => ({ authorization: `Bearer ${keys[i % keys.length]}`, "content-type": "application/json", ...encoding });
    const ok2 = (s: number) => s >= 200 && s < 300;
    const phases = await run([
      { name: "bare handler (GET /bench/api)", ok: ok2, make: () => fetch(`${APP}/bench/api`, { headers: encoding }) },
      {
        name: "session creation (POST /api/v1/connect/sessions)",
        ok: ok2,
        make: (i) => fetch(`${APP}/api/v1/connect/sessions`, { method: "POST", headers: auth(i), body: JSON.stringify({ end_user: { id: `cust-${i}`, name: "Bench", email: `b${i}@example.com` }, providers: ["personio"] }) }),
      },
      { name: "connection list (GET /api/v1/connections)", ok: ok2, make: (i) => fetch(`${APP}/api/v1/connections?limit=20`, { headers: auth(i) }) },
      {
        name: "passthrough (POST /api/v1/connections/{id}/proxy, Personio simulator)",
        ok: ok2,
        make: (i) =>
          fetch(`${APP}/api/v1/connections/${connectionIds[i % connectionIds.length]}/proxy`, { method: "POST", headers: auth(i), body: JSON.stringify({ method: "GET", path: "/v2/persons", query: { limit: 10 } }) }),
      },
      { name: "health (GET /api/health)", ok: (s) => s === 200, make: () => fetch(`${APP}/api/health`, { headers: encoding }) },
    ]);

    const baseline = phases[0]!.rps;
    console.log(`\nbench:api: ${REQUESTS} requests per phase in ${ROUNDS} rounds at concurrency ${CONCURRENCY}, ${KEYS} API keys, Postgres, load generator on the same machine\n`);
    console.log(`${"phase".padEnd(74)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"× bare".padStart(7)}  statuses`);
    for (const p of phases) console.log(`${p.name.padEnd(74)} ${String(p.rps).padStart(7)} ${String(p.p50).padStart(7)} ${String(p.p95).padStart(7)} ${(p.rps / baseline).toFixed(2).padStart(7)}  ${JSON.stringify(p.statuses)}`);
    for (const p of charges) console.log(`${p.name.padEnd(74)} ${String(p.rps).padStart(7)} ${String(p.p50).padStart(7)} ${String(p.p95).padStart(7)} ${(p.rps / charges[0]!.rps).toFixed(2).padStart(7)}× select 1`);
    const key = (name: string) => name.split(" (")[0]!.replace(/ /g, "_");
    const out: Record<string, unknown> = { bench: "api", concurrency: CONCURRENCY, requests_per_phase: REQUESTS, accept_encoding: ENCODING ?? "gzip, deflate (fetch's default)" };
    for (const p of phases) out[key(p.name)] = { rps: p.rps, p50_ms: p.p50, p95_ms: p.p95, errors: p.errors, ratio_to_bare: Number((p.rps / baseline).toFixed(2)) };
    out.limit_charge = { per_s: charges[1]!.rps, hot_key_per_s: charges[2]!.rps, select1_per_s: charges[0]!.rps, p50_ms: charges[1]!.p50, p95_ms: charges[1]!.p95 };
    await stopServer(server);
    server = undefined;
    if (PROF_DIR) out.cpu_profile_dir = PROF_DIR;
    console.log(JSON.stringify(out));
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await bare.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
