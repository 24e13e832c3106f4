// `npm run bench:dashboard`: seeds 1,000,000 connections into a fresh Postgres database and times
// the dashboard's list, search and counts (the same functions the pages call), p50/p95 over many
// runs; then seeds 250,000 connect sessions with 1,000,000 session events and 500,000 check runs
// and times the Insights page's reads (lib/db/queries/insights.ts). Baselines, measured in the same
// run: the same searches after dropping the search indexes, and the funnel computed from the
// session events instead of the sessions' rollup. Seeding is set-based (generate_series).
// Ends with one JSON line. Never fails on timing.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { countConnectionsByStatus, listConnections, type ConnectionFilters } from "@/lib/db/queries/dashboard";
import { countConnectionsPerDay, countFailedChecks, countHealthChecksPerDay, countMissingScopes, countSessionsByFunnelStage, type InsightsFilters } from "@/lib/db/queries/insights";
import { setEnvOverrides } from "@/lib/env";
import { createBareDatabase } from "@/test/db";

const N = Number(process.env.BENCH_CONNECTIONS ?? 1_000_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 250_000);
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 500_000);
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

/** The index (mod n) of the filter set whose runs took longest at the median. */
function slowest(xs: number[], n: number): number {
  const by = Array.from({ length: n }, (_, k) => {
    const mine = xs.filter((_, i) => i % n === k);
    return mine.length ? pct(mine, 50) : -1;
  });
  return by.indexOf(Math.max(...by));
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
              'cust-' || (g::bigint * 7919 % 1000003),
              (${sqlArray(first)})[1 + g % 20] || ' ' || (${sqlArray(last)})[1 + (g / 20) % 25],
              lower((${sqlArray(first)})[1 + g % 20]) || '.' || g || '@' || lower((${sqlArray(companies)})[1 + g % 15]) || '.example',
              (array['hrworks','personio','peoplehr','justworks'])[1 + (g / 3) % 4],
              case when g % 10 = 0 then 'needs_attention' when g % 17 = 0 then 'pending' when g % 23 = 0 then 'deleted' else 'active' end,
              (${sqlArray(companies)})[1 + g % 15] || ' ' || (array['GmbH','AG','Ltd','Inc','KG'])[1 + g % 5] || ' ' || (g % 5000),
              now() - (g * 317 % 525600) * interval '1 minute',
              now()
         from generate_series(1, ${N}) g`,
    );
    await admin.query("vacuum analyze connections");
    const seedMs = Math.round(performance.now() - t0);

    // Connect sessions over a year, each with 1 to 7 events (4 on average: 1,000,000 for 250,000
    // sessions); the furthest stage (the rollup recordSessionEvent keeps) follows from the same g.
    const t1 = performance.now();
    const steps = sqlArray(["opened", "picker", "prerequisites", "guide", "form", "check", "result"]);
    await admin.query(
      `insert into connect_sessions (id, workspace_id, token_hash, end_user_id, providers, expires_at, funnel_stage, funnel_provider, last_activity_at, created_at)
       select 'cs_' || g, (array['ws_a','ws_b','ws_c'])[1 + g % 3], 'h' || g, 'cust-' || g, null,
              ts + interval '30 minutes', (g / 3) % 7,
              case when (g / 3) % 7 >= 2 then (array['hrworks','personio','peoplehr','justworks'])[1 + (g / 21) % 4] end,
              ts, ts
         from (select g, now() - (g * 211 % 525600) * interval '1 minute' as ts from generate_series(1, ${SESSIONS}) g) s`,
    );
    await admin.query(
      `insert into session_events (session_id, workspace_id, type, step, provider, created_at)
       select 'cs_' || g, (array['ws_a','ws_b','ws_c'])[1 + g % 3],
              case when k = 1 then 'opened' when k = 7 then 'success' else 'step' end,
              (${steps})[k], case when k >= 3 then (array['hrworks','personio','peoplehr','justworks'])[1 + (g / 21) % 4] end,
              now() - (g * 211 % 525600) * interval '1 minute' + k * interval '1 minute'
         from generate_series(1, ${SESSIONS}) g, generate_series(1, 1 + (g::bigint * 7919 % 7)::int) k`,
    );
    // Check runs: daily health checks (60 %) and wizard checks, most passing; the failures spread
    // over the outcomes, missing_scopes naming one or two missing permissions.
    await admin.query(
      `insert into check_runs (id, workspace_id, connection_id, session_id, provider, trigger, outcome, scope_results, duration_ms, created_at)
       select 'chk_' || g, (array['ws_a','ws_b','ws_c'])[1 + g % 3], 'conn_' || lpad((g % ${N} + 1)::text, 8, '0'), null,
              (array['hrworks','personio','peoplehr','justworks'])[1 + (g / 3) % 4],
              case when g % 5 < 3 then 'schedule' else 'wizard' end,
              o.outcome,
              case when o.outcome = 'missing_scopes'
                   then jsonb_build_object('employees', jsonb_build_object('status','granted','required',true),
                                           (array['absences','attendances','documents','departments'])[1 + g % 4], jsonb_build_object('status','missing','required',true),
                                           (array['documents','absences'])[1 + g % 2], jsonb_build_object('status', case when g % 3 = 0 then 'missing' else 'granted' end,'required',false))
                   else '{}'::jsonb end,
              300, now() - (g * 613 % 525600) * interval '1 minute'
         from generate_series(1, ${CHECK_RUNS}) g,
              lateral (select case when g % 100 < 80 then 'ok' when g % 100 < 90 then 'missing_scopes' when g % 100 < 95 then 'invalid_credentials'
                                   when g % 100 < 97 then 'rate_limited' when g % 100 < 99 then 'provider_unreachable' else 'provider_error' end as outcome) o`,
    );
    await admin.query("vacuum analyze connect_sessions, session_events, check_runs");
    const insightsSeedMs = Math.round(performance.now() - t1);
    const events = Number((await admin.query("select count(*)::int as n from session_events")).rows[0].n);
    await admin.end();

    setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true" });
    const { getDb, getPool, closeDb } = await import("@/lib/db");
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
    const slowestSearch = slowest(search, searchFilters.length);
    const counts = await time(Math.round(RUNS / 3), (i) => countConnectionsByStatus(db, listFilters[i % listFilters.length]!));
    const slowestList = slowest(list, listFilters.length);

    // EXPLAIN ANALYZE of the slowest filter set of the list and of the search: the statements the
    // functions send, caught at the pool.
    const explain = async (run: () => Promise<unknown>): Promise<string[]> => {
      const pool = getPool();
      const sent: Array<{ text: string; values?: unknown[] }> = [];
      const original = pool.query.bind(pool);
      (pool as unknown as { query: unknown }).query = (q: unknown, v?: unknown) => {
        if (typeof q === "object" && q && "text" in q) sent.push({ text: (q as { text: string }).text, values: (q as { values?: unknown[] }).values ?? (v as unknown[]) });
        else if (typeof q === "string") sent.push({ text: q, values: v as unknown[] });
        return (original as (a: unknown, b?: unknown) => unknown)(q, v);
      };
      try {
        await run();
      } finally {
        (pool as unknown as { query: unknown }).query = original;
      }
      const last = sent[sent.length - 1]!;
      const plan = await pool.query(`explain (analyze, buffers) ${last.text}`, last.values);
      return plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]!);
    };
    const searchPlan = await explain(() => listConnections(db, searchFilters[slowestSearch]!));
    const listPlan = await explain(() => listConnections(db, listFilters[slowestList]!));

    // The Insights page: each read over the filter sets support uses (a workspace, a range, a provider).
    const day = 86400_000;
    const insightsFilters: InsightsFilters[] = [
      { workspaceId: "ws_a", from: new Date(Date.now() - 30 * day), to: new Date() },
      { workspaceId: "ws_b", from: new Date(Date.now() - 90 * day), to: new Date() },
      { workspaceId: "ws_c", provider: "personio", from: new Date(Date.now() - 7 * day), to: new Date() },
      { workspaceId: "ws_a", provider: "hrworks", from: new Date(Date.now() - 90 * day), to: new Date() },
    ];
    const insightRuns = Math.round(RUNS / 3);
    const insight = {
      funnel: await time(insightRuns, (i) => countSessionsByFunnelStage(db, insightsFilters[i % insightsFilters.length]!)),
      failed_checks: await time(insightRuns, (i) => countFailedChecks(db, insightsFilters[i % insightsFilters.length]!)),
      missing_scopes: await time(insightRuns, (i) => countMissingScopes(db, insightsFilters[i % insightsFilters.length]!)),
      health_per_day: await time(insightRuns, (i) => countHealthChecksPerDay(db, insightsFilters[i % insightsFilters.length]!)),
      connections_per_day: await time(insightRuns, (i) => countConnectionsPerDay(db, insightsFilters[i % insightsFilters.length]!)),
    };
    // Baseline: the funnel from the session events themselves (each session's furthest event),
    // what the page would cost without the rollup on connect_sessions.
    const funnelFromEvents = await time(Math.round(RUNS / 10), (i) => {
      const f = insightsFilters[i % insightsFilters.length]!;
      return db.execute(sql`
        select stage, count(*) from (
          select s.id, max(case when e.type = 'success' then 6 when e.step = 'check' then 5 when e.step = 'form' then 4 when e.step = 'guide' then 3
                                when e.provider is not null then 2 when e.type in ('opened','step') then 1 else 0 end) as stage
            from connect_sessions s left join session_events e on e.session_id = s.id
           where s.workspace_id = ${f.workspaceId} and s.created_at >= ${f.from} and s.created_at < ${f.to}
           group by s.id) x
         group by stage`);
    });

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
      sessions: SESSIONS,
      session_events: events,
      check_runs: CHECK_RUNS,
      insights_seed_ms: insightsSeedMs,
      ...Object.fromEntries(Object.entries(insight).flatMap(([k, xs]) => [[`insights_${k}_p50_ms`, pct(xs, 50)], [`insights_${k}_p95_ms`, pct(xs, 95)]])),
      baseline_funnel_from_events_p95_ms: pct(funnelFromEvents, 95),
      funnel_speedup_vs_events: Math.round((pct(funnelFromEvents, 95) / Math.max(pct(insight.funnel, 95), 0.01)) * 10) / 10,
      insights_goal_p95_ms: 100,
    };
    process.stdout.write(
      [
        `seeded ${N} connections in ${seedMs} ms`,
        `list   p50 ${result.list_p50_ms} ms  p95 ${result.list_p95_ms} ms  (${listFilters.length} filter sets, first and sixth page)`,
        `search p50 ${result.search_p50_ms} ms  p95 ${result.search_p95_ms} ms  (${searchFilters.length} prefix searches)`,
        `counts p50 ${result.counts_p50_ms} ms  p95 ${result.counts_p95_ms} ms`,
        `baseline: search without the prefix indexes p95 ${result.baseline_search_unindexed_p95_ms} ms → indexes are ${result.search_speedup_vs_unindexed}× faster`,
        `slowest list filter set ${JSON.stringify(listFilters[slowestList])}:`,
        ...listPlan.map((l) => `  ${l}`),
        `slowest search ${JSON.stringify(searchFilters[slowestSearch])}:`,
        ...searchPlan.map((l) => `  ${l}`),
        `insights: seeded ${SESSIONS} sessions, ${events} session events, ${CHECK_RUNS} check runs in ${insightsSeedMs} ms (goal p95 < 100 ms)`,
        ...Object.entries(insight).map(([k, xs]) => `  ${k.padEnd(20)} p50 ${pct(xs, 50)} ms  p95 ${pct(xs, 95)} ms`),
        `baseline: the funnel from the session events p95 ${result.baseline_funnel_from_events_p95_ms} ms → the rollup is ${result.funnel_speedup_vs_events}× faster`,
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
