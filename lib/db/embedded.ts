// The embedded default: PGlite stored in the data directory, served over the Postgres wire
// protocol on a loopback port (lib/db/embedded-server.ts), so that `pg`, drizzle and pg-boss run
// unchanged against it.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveProtocol } from "@/lib/db/embedded-server";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

export const embeddedInfoFile = (dataDir: string) => path.join(dataDir, "embedded-db.json");

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start PGlite on `dataDir/pglite` (or in memory with `memory: true`, for tests).
 * Only one process may own a PGlite directory; a second start is refused with a clear message.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; port?: number; memory?: boolean }): Promise<EmbeddedDatabase> {
  const { dataDir } = options;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const infoFile = embeddedInfoFile(dataDir);
  if (!options.memory && fs.existsSync(infoFile)) {
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as { pid: number; port: number };
    if (info.pid !== process.pid && processAlive(info.pid))
      throw new Error(
        `The embedded database in ${dataDir} is already in use by process ${info.pid} (port ${info.port}). ` +
          "Stop that process, or set DATABASE_URL to use a Postgres server.",
      );
  }
  const db = options.memory ? await PGlite.create() : await PGlite.create(path.join(dataDir, "pglite"));
  const server = await serveProtocol(db, { host: "127.0.0.1", port: options.port ?? 0 });
  const port = server.port;
  if (!options.memory) fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    url,
    port,
    stop: async () => {
      await server.close();
      await db.close();
      if (!options.memory) fs.rmSync(infoFile, { force: true });
    },
  };
}

/** For `npm run worker` against the embedded database of a running app. */
export function readEmbeddedInfo(dataDir: string): { pid: number; port: number } | undefined {
  const file = embeddedInfoFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; port: number };
  return processAlive(info.pid) ? info : undefined;
}
