// `npm run bench:dashboard`: seeds 100,000 connections into a fresh Postgres database and times
// the dashboard's list and search queries (the same functions the pages call), p50/p95 over many
// runs. Baseline, measured in the same run: the same searches after dropping the search indexes.
// Ends with one JSON line. Never fails on timing.
import { performance } from "node:perf_hooks";
import { createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { countConnectionsByStatus, listConnections, type ConnectionFilters } from "@/lib/db/queries/dashboard";
import { setEnvOverrides } from "@/lib/env";
import { createBareDatabase } from "@/test/db";

const N = Number(process.env.BENCH_CONNECTIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

const first = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas", "Klara", "Lukas", "Mia", "Noah", "Olivia", "Paul", "Sophie", "Tim", "Ursula", "Viktor", "Zoe"];
const last = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann"];
const companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Vandelay", "Gringotts", "Aperture", "Monarch"];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
}

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(i); // warm-up: plans and caches
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`;

async function main() {
  const bare = await createBareDatabase("postgres");
  try {
    const admin = createPool(bare.url, 2);
    await runMigrations(admin);
    const t0 = performance.now();
    await admin.query(`insert into workspaces (id, slug, name) values ('ws_a','a','Alpha'),('ws_b','b','Beta'),('ws_c','c','Gamma')`);
    await admin.query(
      `insert into connections (id, workspace_id, end_user_id, end_user_name, end_user_email, provider, status, account_label, created_at, updated_at)
       select 'conn_' || lpad(g::text, 8, '0'),
              (array['ws_a','ws_b','ws_c'])[1 + g % 3],
              'cust-' || (g * 7919 % 1000003),
              (${sqlArray(first)})[1 + g % 20] || ' ' || (${sqlArray(last)})[1 + (g / 20) % 25],
              lower((${sqlArray(first)})[1 + g % 20]) || '.' || g || '@' || lower((${sqlArray(companies)})[1 + g % 15]) || '.example',
              (array['hrworks','personio','peoplehr','justworks'])[1 + (g / 3) % 4],
              case when g % 10 = 0 then 'needs_attention' when g % 17 = 0 then 'pending' when g % 23 = 0 then 'deleted' else 'active' end,
              (${sqlArray(companies)})[1 + g % 15] || ' ' || (array['GmbH','AG','Ltd','Inc','KG'])[1 + g % 5] || ' ' || (g % 5000),
              now() - (g * 317 % 525600) * interval '1 minute',
              now()
         from generate_series(1, ${N}) g`,
    );
    await admin.query("analyze");
    const seedMs = Math.round(performance.now() - t0);
    await admin.end();

    setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true" });
    const { getDb, closeDb } = await import("@/lib/db");
    const db = getDb();

    // The list: the filter combinations support uses, and pages deep into the result by keyset.
    const listFilters: ConnectionFilters[] = [
      {},
      { status: "needs_attention" },
      { provider: "personio" },
      { workspaceId: "ws_b" },
      { workspaceId: "ws_b", status: "active" },
      { workspaceId: "ws_c", provider: "hrworks", status: "needs_attention" },
      { status: "deleted" },
      { from: new Date(Date.now() - 30 * 86400_000), to: new Date() },
    ];
    const cursors: Array<string | null> = [];
    for (const f of listFilters) {
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) cursor = (await listConnections(db, f, { cursor })).nextCursor;
      cursors.push(cursor); // page 6 of each filter
    }
    const list = await time(RUNS, async (i) => {
      const k = i % listFilters.length;
      return listConnections(db, listFilters[k]!, { cursor: i % 2 ? cursors[k] : null });
    });

    const terms = ["anna", "müller", "sch", "cust-12", "cust-9876", "felix.1", "emma.", "globex", "hooli inc", "wonka gmbh 42", "zoe", "k", "hartmann", "initech ag 1"];
    const searchFilters: ConnectionFilters[] = terms.flatMap((q) => [{ q }, { q, workspaceId: "ws_a" }, { q, status: "needs_attention" }]);
    const search = await time(RUNS, (i) => listConnections(db, searchFilters[i % searchFilters.length]!));
    const counts = await time(Math.round(RUNS / 3), (i) => countConnectionsByStatus(db, listFilters[i % listFilters.length]!));

    // Baseline: the same searches without the prefix indexes (what a plain LIKE would cost).
    await db.execute("drop index connections_search_end_user_id_idx, connections_search_name_idx, connections_search_email_idx, connections_search_label_idx");
    const baseline = await time(Math.round(RUNS / 3), (i) => listConnections(db, searchFilters[i % searchFilters.length]!));
    await closeDb();

    const result = {
      connections: N,
      seed_ms: seedMs,
      runs: RUNS,
      list_p50_ms: pct(list, 50),
      list_p95_ms: pct(list, 95),
      search_p50_ms: pct(search, 50),
      search_p95_ms: pct(search, 95),
      counts_p50_ms: pct(counts, 50),
      counts_p95_ms: pct(counts, 95),
      baseline_search_unindexed_p95_ms: pct(baseline, 95),
      search_speedup_vs_unindexed: Math.round((pct(baseline, 95) / Math.max(pct(search, 95), 0.01)) * 10) / 10,
      goal_p95_ms: 50,
    };
    process.stdout.write(
      [
        `seeded ${N} connections in ${seedMs} ms`,
        `list   p50 ${result.list_p50_ms} ms  p95 ${result.list_p95_ms} ms  (${listFilters.length} filter sets, first and sixth page)`,
        `search p50 ${result.search_p50_ms} ms  p95 ${result.search_p95_ms} ms  (${searchFilters.length} prefix searches)`,
        `counts p50 ${result.counts_p50_ms} ms  p95 ${result.counts_p95_ms} ms`,
        `baseline: search without the prefix indexes p95 ${result.baseline_search_unindexed_p95_ms} ms → indexes are ${result.search_speedup_vs_unindexed}× faster`,
        "",
      ].join("\n"),
    );
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    await bare.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:dashboard failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
