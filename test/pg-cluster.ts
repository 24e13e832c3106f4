// A private PostgreSQL cluster for tests that stop and start the database (the fault drill): its
// own data directory and port, from the machine's binaries (initdb and pg_ctl, PostgreSQL 15 from
// Debian's packages unless PG_BIN says where). It never touches another cluster. As root (initdb
// refuses to run as root) the cluster runs as the `postgres` system user.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type PgCluster = {
  port: number;
  url: (database?: string) => string;
  start: () => Promise<void>;
  /** Fast shutdown: open connections are cut, as when the server goes away. */
  stop: () => Promise<void>;
  remove: () => Promise<void>;
};

export function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  for (const v of ["17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, "initdb"))) return dir;
  }
  throw new Error("No PostgreSQL binaries: install Debian's postgresql package, or set PG_BIN to the folder holding initdb and pg_ctl.");
}

export async function createPgCluster(port: number): Promise<PgCluster> {
  const bin = pgBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    await run("chown", ["postgres:postgres", dir]);
  }
  const exec = (cmd: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  await exec("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const cluster: PgCluster = {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await exec("pg_ctl", ["-D", data, "-l", logFile, "-o", opts, "-w", "-t", "60", "start"]);
    },
    stop: async () => {
      await exec("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
    },
    remove: async () => {
      await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
