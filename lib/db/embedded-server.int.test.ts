// The embedded database's protocol front under concurrency: many clients sending extended-protocol
// queries with different parameter counts at once, and transactions that must stay whole; only a
// client with the password gets in; one client's session settings never reach another's turn.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedPasswordFile, readEmbeddedInfo, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { lastReadyStatus } from "@/lib/db/embedded-server";

describe("embedded database protocol front", () => {
  let emb: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    emb = await startEmbeddedDatabase({ dataDir: "/tmp", memory: true });
    pool = new pg.Pool({ connectionString: emb.url, max: 10 });
    await pool.query("create table t (id serial primary key, a int not null, b text, c int)");
  });
  afterAll(async () => {
    await pool?.end();
    await emb?.stop();
  });

  it("never mixes the messages of concurrent extended-protocol queries", async () => {
    // 2, 3 and 1 parameters, interleaved from 10 connections: the old socket server answered
    // some of these with "bind message supplies 3 parameters, but prepared statement requires 2".
    const work = [];
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) work.push(pool.query("insert into t (a, b) values ($1, $2) returning a", [i, `b${i}`]).then((r) => r.rows[0].a));
      if (i % 3 === 1) work.push(pool.query("insert into t (a, b, c) values ($1, $2, $3) returning a", [i, `b${i}`, i]).then((r) => r.rows[0].a));
      if (i % 3 === 2) work.push(pool.query("select $1::int as a", [i]).then((r) => r.rows[0].a));
    }
    const results = await Promise.all(work);
    expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const count = await pool.query("select count(*)::int as n from t");
    expect(count.rows[0].n).toBe(200);
  });

  it("keeps parameterised queries correct while other connections run transactions", async () => {
    // The workload that broke @electric-sql/pglite-socket 0.2 here ("portal \"\" does not exist",
    // wrong binds): transactions on some connections, parameterised reads on the others.
    const errors: string[] = [];
    let wrong = 0;
    const tx = async (i: number) => {
      const c = await pool.connect();
      try {
        await c.query("begin");
        await c.query("insert into t (a, b) values ($1, $2)", [i, "x"]);
        await c.query("insert into t (a, b, c) values ($1, $2, $3)", [i, "y", i]);
        await c.query("commit");
      } catch (e) {
        errors.push((e as Error).message);
        await c.query("rollback").catch(() => {});
      } finally {
        c.release();
      }
    };
    const read = async (i: number) => {
      try {
        const r = await pool.query("select $1::int as a, $2::text as b", [i, `v${i}`]);
        if (r.rows[0].a !== i || r.rows[0].b !== `v${i}`) wrong++;
      } catch (e) {
        errors.push((e as Error).message);
      }
    };
    await Promise.all(Array.from({ length: 1500 }, (_, i) => (i % 4 === 0 ? tx(i) : read(i))));
    expect(errors).toEqual([]);
    expect(wrong).toBe(0);
    const pairs = await pool.query("select count(*)::int as n from t where b in ('x', 'y')");
    expect(pairs.rows[0].n).toBe(2 * 375);
  });

  it("keeps each transaction whole while other connections run queries", async () => {
    await pool.query("create table acct (id int primary key, balance int not null)");
    await pool.query("insert into acct values (1, 1000), (2, 1000)");
    const transfer = async (amount: number) => {
      const c = await pool.connect();
      try {
        await c.query("begin");
        const r = await c.query("select balance from acct where id = 1");
        await c.query("update acct set balance = $1 where id = 1", [r.rows[0].balance - amount]);
        await c.query("update acct set balance = balance + $1 where id = 2", [amount]);
        await c.query("commit");
      } finally {
        c.release();
      }
    };
    const readers = Array.from({ length: 50 }, () => pool.query("select sum(balance)::int as s from acct").then((r) => r.rows[0].s));
    await Promise.all([...Array.from({ length: 20 }, () => transfer(10)), ...readers]);
    const sums = await Promise.all(readers);
    for (const s of sums) expect(s).toBe(2000); // never a half-applied transfer
    const final = await pool.query("select balance from acct order by id");
    expect(final.rows.map((r) => r.balance)).toEqual([800, 1200]);
  });

  it("rolls back the transaction of a client that disconnects in the middle of it", async () => {
    const c = new pg.Client({ connectionString: emb.url });
    await c.connect();
    await c.query("begin");
    await c.query("insert into t (a) values (-1)");
    await c.end();
    const r = await pool.query("select count(*)::int as n from t where a = -1");
    expect(r.rows[0].n).toBe(0);
  });

  it("reads the status of the last ReadyForQuery in an answer", () => {
    const z = (s: string) => [0x5a, 0, 0, 0, 5, s.charCodeAt(0)];
    const other = [0x43, 0, 0, 0, 6, 0x41, 0]; // CommandComplete "A"
    expect(lastReadyStatus(new Uint8Array([...other, ...z("T")]))).toBe("T");
    expect(lastReadyStatus(new Uint8Array([...z("T"), ...other, ...z("I")]))).toBe("I");
    expect(lastReadyStatus(new Uint8Array(other))).toBeUndefined();
  });

  it("refuses a client without the password, or with a wrong one", async () => {
    const url = new URL(emb.url);
    expect(url.password.length).toBeGreaterThanOrEqual(40);
    for (const password of ["", "wrong", url.password.slice(0, -1)]) {
      const u = new URL(emb.url);
      u.password = password;
      const c = new pg.Client({ connectionString: u.toString(), password: password || undefined });
      const err = await c.connect().then(
        () => null,
        (e: { code?: string; message: string }) => e,
      );
      await c.end().catch(() => {});
      expect([password, err?.code]).toEqual([password, "28P01"]);
    }
    // The server stays up for everyone else.
    expect((await pool.query("select 1 as ok")).rows).toEqual([{ ok: 1 }]);
  });

  it("resets the session between clients taking turns: one client's SET search_path = '' affects nobody else", async () => {
    const a = new pg.Client({ connectionString: emb.url });
    const b = new pg.Client({ connectionString: emb.url });
    await a.connect();
    await b.connect();
    try {
      const { p: defaultPath } = (await b.query("select current_setting('search_path') as p")).rows[0] as { p: string };
      // What a failed pg_dump left behind: every unqualified name stopped resolving for the whole app.
      await a.query("set search_path = ''");
      await a.query("set statement_timeout = 1");
      await a.query("create role lk_reset_probe");
      await a.query("set role lk_reset_probe");
      expect((await b.query("select count(*)::int as n from t")).rows[0].n).toBeGreaterThan(0);
      expect((await b.query("select current_setting('search_path') as p, current_setting('statement_timeout') as s, current_user as u")).rows).toEqual([
        { p: defaultPath, s: "0", u: "postgres" },
      ]);
      await Promise.all(Array.from({ length: 20 }, () => pool.query("select count(*)::int as n from t")));
      // Inside one turn, a client's own setting holds (a transaction is one turn).
      await a.query("begin");
      await a.query("set local search_path = ''");
      const inside = a.query("select current_setting('search_path') as p");
      const other = b.query("select current_setting('search_path') as p");
      expect((await inside).rows[0].p).toBe('""');
      await a.query("commit");
      expect((await other).rows[0].p).toBe(defaultPath);
    } finally {
      await a.end();
      await b.end();
    }
  });
});

describe("embedded database password file", () => {
  it("is generated into the data directory with mode 0600, kept across starts, and needed by other processes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lk-embedded-"));
    try {
      const first = await startEmbeddedDatabase({ dataDir: dir });
      const file = embeddedPasswordFile(dir);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const password = fs.readFileSync(file, "utf8").trim();
      expect(new URL(first.url).password).toBe(password);
      // What `npm run worker` and the commands use: the running owner's port and the password.
      expect(readEmbeddedInfo(dir)?.url).toBe(first.url);
      await first.stop();
      fs.chmodSync(file, 0o644);
      const second = await startEmbeddedDatabase({ dataDir: dir });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(new URL(second.url).password).toBe(password);
      await second.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
