import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

type Journal = { entries: Array<{ idx: number; when: number; tag: string }> };

export function readJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal;
}

export async function runMigrations(pool: pg.Pool): Promise<void> {
  await migrate(drizzle(pool), { migrationsFolder });
}

/** Pending migrations: those in drizzle/ newer than the last one applied. */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const journal = readJournal();
  let last = 0;
  try {
    const r = await pool.query<{ created_at: string }>('select max(created_at) as created_at from drizzle.__drizzle_migrations');
    last = Number(r.rows[0]?.created_at ?? 0);
  } catch {
    last = 0;
  }
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}
