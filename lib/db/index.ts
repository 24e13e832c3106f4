// One code path for queries on both databases; only how the connection string is obtained differs.
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { getEnv } from "@/lib/env";
import * as schema from "@/lib/db/schema";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle: inside a transaction use only this, never the global `db` (see docs/platform-notes.md). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export function databaseUrl(): string {
  const env = getEnv();
  const url = env.DATABASE_URL ?? env.LATCHKEY_EMBEDDED_DATABASE_URL;
  if (!url) throw new Error("No database: DATABASE_URL is not set and the embedded database has not been started (start Latchkey with `npm start`).");
  return url;
}

type Handles = { pool: pg.Pool; db: Db; url: string };
// Shared through globalThis: the launcher and the Next.js server bundle load separate copies of
// this module in one process, and development reloads must not leak pools.
const store = globalThis as unknown as { __latchkeyDb?: Handles };

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // A lost connection (the server stopping or restarting) must never crash the process. pg-pool
  // forwards an idle client's error to the pool; a client checked out between two queries (inside
  // a transaction, the relay's batch) emits it on itself, and with no listener there Node throws
  // "Unhandled 'error' event". The query in flight fails on its own and its caller handles that.
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

function handles(): Handles {
  const url = databaseUrl();
  if (!store.__latchkeyDb || store.__latchkeyDb.url !== url) {
    const pool = createPool(url);
    store.__latchkeyDb = { pool, db: drizzle(pool, { schema }), url };
  }
  return store.__latchkeyDb;
}

export function getPool(): pg.Pool {
  return handles().pool;
}

export function getDb(): Db {
  return handles().db;
}

/** Lazy, so that importing never needs a database (next build imports route modules). */
export const db: Db = new Proxy({} as Db, {
  get: (_t, prop) => {
    const d = getDb();
    const v = (d as unknown as Record<PropertyKey, unknown>)[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(d) : v;
  },
});

export async function closeDb(): Promise<void> {
  const h = store.__latchkeyDb;
  store.__latchkeyDb = undefined;
  await h?.pool.end();
}

export { schema };
export { isDatabaseUnavailable, waitForDatabase, DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/availability";
