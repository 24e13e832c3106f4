import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db";
import { pendingMigrations, readJournal, runMigrations } from "@/lib/db/migrate";
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
});
