import { getPool } from "@/lib/db";
import { pendingMigrations } from "@/lib/db/migrate";
import { QUEUE_SCHEMA } from "@/lib/queue";

export type HealthPart = "database" | "queue" | "migrations";

// Shared through globalThis: the launcher (scripts/serve.ts) sets it, the Next.js bundle's
// /api/health/ready reads it, and they load separate copies of this module in one process.
const state = globalThis as unknown as { __latchkeyDraining?: boolean };

/** Called on SIGTERM before the listener closes: readiness answers 503 from then on. */
export function markDraining(): void {
  state.__latchkeyDraining = true;
}

export function isDraining(): boolean {
  return state.__latchkeyDraining === true;
}
export type Health = { ok: boolean; parts: Record<HealthPart, { ok: boolean; detail?: string }> };

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<Health> {
  const parts: Health["parts"] = { database: { ok: false }, queue: { ok: false }, migrations: { ok: false } };
  let pool;
  try {
    pool = getPool();
    await within(3000, pool.query("select 1"));
    parts.database = { ok: true };
  } catch (e) {
    parts.database = { ok: false, detail: e instanceof Error && /no answer|ECONNREFUSED|No database/.test(e.message) ? e.message.split(":")[0] : "unreachable" };
  }
  if (pool && parts.database.ok) {
    try {
      const r = await within(3000, pool.query<{ version: number }>(`select version from ${QUEUE_SCHEMA}.version`));
      parts.queue = r.rows.length ? { ok: true } : { ok: false, detail: "queue schema not installed" };
    } catch {
      parts.queue = { ok: false, detail: "queue schema not installed" };
    }
    try {
      const pending = await within(3000, pendingMigrations(pool));
      parts.migrations = pending.length ? { ok: false, detail: `${pending.length} pending` } : { ok: true };
    } catch {
      parts.migrations = { ok: false, detail: "unknown" };
    }
  } else {
    parts.queue = { ok: false, detail: "database unreachable" };
    parts.migrations = { ok: false, detail: "database unreachable" };
  }
  return { ok: Object.values(parts).every((p) => p.ok), parts };
}
