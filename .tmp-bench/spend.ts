import { createPool } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrate";
import { setEnvOverrides } from "@/lib/env";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import * as schema from "@/lib/db/schema";
import { createBareDatabase } from "@/test/db";

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((p / 100) * (s.length - 1))]!; };
async function main() {
  const bare = await createBareDatabase("postgres");
  const pool = createPool(bare.url, 10);
  await runMigrations(pool);
  setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true" });
  const db = drizzle(pool, { schema });
  const { spend, limitKey } = await import("@/lib/rate-limit");
  const N = 2000;
  async function measure(name: string, fn: (i: number) => Promise<unknown>) {
    for (let i = 0; i < 100; i++) await fn(i);
    const ms: number[] = []; let next = 0; const t0 = performance.now();
    await Promise.all(Array.from({ length: 20 }, async () => { for (;;) { const i = next++; if (i >= N) return; const t = performance.now(); await fn(i); ms.push(performance.now() - t); } }));
    const s = (performance.now() - t0) / 1000;
    console.log(`${name}: ${Math.round(N / s)}/s p50 ${pct(ms, 50).toFixed(2)} ms p95 ${pct(ms, 95).toFixed(2)} ms`);
  }
  await measure("select 1", () => db.execute(sql`select 1`));
  await measure("spend, 40 keys", (i) => spend([{ key: limitKey("api_req", `k${i % 40}`), limit: { points: 1e9, durationSeconds: 60 } }], db));
  await measure("spend, one hot key", () => spend([{ key: limitKey("api_req", "hot"), limit: { points: 1e9, durationSeconds: 60 } }], db));
  await pool.end(); await bare.drop();
}
main();
