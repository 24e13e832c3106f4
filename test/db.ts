// A database of its own for each integration test file: a fresh Postgres database (dropped after)
// or an in-memory PGlite behind its socket server, chosen by TEST_DB (postgres | pglite).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeDb, createPool, getDb, getPool, type Db } from "@/lib/db";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { setEnvOverrides } from "@/lib/env";

export type TestDbKind = "postgres" | "pglite";

export type TestDatabase = {
  kind: TestDbKind;
  url: string;
  db: Db;
  pool: pg.Pool;
  /** Close every connection and drop the database. */
  drop: () => Promise<void>;
};

export const testDbKind = (): TestDbKind => (process.env.TEST_DB === "pglite" ? "pglite" : "postgres");

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A bare database (no migrations), for tests that compare schemas or migrate themselves. */
export async function createBareDatabase(kind: TestDbKind = testDbKind()): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const emb = await startEmbeddedDatabase({ dataDir: "/tmp", memory: true });
    return { url: emb.url, drop: emb.stop };
  }
  const name = `latchkey_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated database, installed as the app's database (getDb() and `db` use it). */
export async function createTestDatabase(kind: TestDbKind = testDbKind()): Promise<TestDatabase> {
  const bare = await createBareDatabase(kind);
  const migrator = createPool(bare.url, 2);
  await runMigrations(migrator);
  await migrator.end();
  setEnvOverrides({ DATABASE_URL: bare.url, LATCHKEY_DEMO: "true" });
  return {
    kind,
    url: bare.url,
    db: getDb(),
    pool: getPool(),
    drop: async () => {
      await closeDb();
      await bare.drop();
    },
  };
}
