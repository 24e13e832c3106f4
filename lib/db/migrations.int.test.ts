import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db";
import { migrationsFolder, pendingMigrations, readJournal, runMigrations } from "@/lib/db/migrate";
import { createBareDatabase } from "@/test/db";

async function describeSchema(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const columns = await c.query(
    `select table_name, column_name, data_type, udt_name, is_nullable, column_default
       from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
  );
  const indexes = await c.query(`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`);
  // NOT NULL shows up as a CHECK constraint whose name differs between Postgres versions;
  // nullability is already compared through is_nullable above.
  const constraints = await c.query(
    `select tc.table_name, tc.constraint_name, tc.constraint_type from information_schema.table_constraints tc
      where tc.table_schema = 'public' and tc.constraint_type <> 'CHECK' order by tc.constraint_name`,
  );
  await c.end();
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

describe("migrations", () => {
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it("apply to an empty Postgres and an empty PGlite and produce the same schema", async () => {
    const schemas = [];
    for (const kind of ["postgres", "pglite"] as const) {
      const bare = await createBareDatabase(kind);
      drops.push(bare.drop);
      const pool = createPool(bare.url, 2);
      expect(await pendingMigrations(pool)).toHaveLength(readJournal().entries.length);
      await runMigrations(pool);
      expect(await pendingMigrations(pool)).toEqual([]);
      await runMigrations(pool); // a second run is a no-op
      await pool.end();
      schemas.push(await describeSchema(bare.url));
    }
    const [postgres, pglite] = schemas;
    expect(postgres!.columns.length).toBeGreaterThan(50);
    expect(postgres!.columns.map((c) => c.table_name)).toContain("credentials");
    expect(pglite).toEqual(postgres);
  });

  /** A copy of drizzle/ holding only the migrations before `tag`. */
  function migrationsBefore(tag: string): string {
    const journal = readJournal();
    const at = journal.entries.findIndex((e) => e.tag.endsWith(tag));
    expect(at, tag).toBeGreaterThan(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-migrations-"));
    fs.mkdirSync(path.join(dir, "meta"));
    const entries = journal.entries.slice(0, at);
    for (const e of entries) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
    return dir;
  }

  for (const kind of ["postgres", "pglite"] as const) {
    it(`provider_settings: the Justworks columns' values move under "justworks" (${kind})`, async () => {
      const bare = await createBareDatabase(kind);
      drops.push(bare.drop);
      const pool = createPool(bare.url, 2);
      const before = migrationsBefore("_provider_settings");
      await migrate(drizzle(pool), { migrationsFolder: before });
      fs.rmSync(before, { recursive: true });
      await pool.query(`insert into workspaces (id, slug, name) values ('ws_default', 'default', 'Default')`);
      await pool.query(
        `insert into workspaces (id, slug, name, justworks_first_name, justworks_email_domain) values ('ws_set', 'set', 'Set', 'Acme Sync', 'sync.acme.example')`,
      );
      await runMigrations(pool);
      expect(await pendingMigrations(pool)).toEqual([]);
      const rows = await pool.query<{ id: string; provider_settings: unknown }>(`select id, provider_settings from workspaces order by id`);
      expect(rows.rows).toEqual([
        { id: "ws_default", provider_settings: { justworks: { firstName: "Latchkey" } } },
        { id: "ws_set", provider_settings: { justworks: { firstName: "Acme Sync", emailDomain: "sync.acme.example" } } },
      ]);
      const columns = await pool.query(`select column_name from information_schema.columns where table_name = 'workspaces' and column_name like 'justworks%'`);
      expect(columns.rows).toEqual([]);
      // A workspace created afterwards starts with no provider settings.
      await pool.query(`insert into workspaces (id, slug, name) values ('ws_new', 'new', 'New')`);
      expect((await pool.query(`select provider_settings from workspaces where id = 'ws_new'`)).rows[0]).toEqual({ provider_settings: {} });
      await pool.end();
    });
  }
});
