// The embedded default: PGlite stored in the data directory, served over the Postgres wire
// protocol on a loopback port (lib/db/embedded-server.ts), so that `pg`, drizzle and pg-boss run
// unchanged against it. Only with the password generated into the data directory (0600): another
// local user or a page's DNS-rebound request cannot reach it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveProtocol } from "@/lib/db/embedded-server";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

export const embeddedInfoFile = (dataDir: string) => path.join(dataDir, "embedded-db.json");
/** The embedded database's password, generated on first start; readable by its owner only (0600). */
export const embeddedPasswordFile = (dataDir: string) => path.join(dataDir, "embedded-db-password");

/** How clients reach the embedded database: loopback, the password, no TLS. */
export function embeddedUrl(port: number, password: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/**
 * The password in `dataDir` (created with 32 random bytes if missing; wx so that two starts never
 * write different ones). Its mode is forced back to 0600 on every start.
 */
export function ensureEmbeddedPassword(dataDir: string): string {
  const file = embeddedPasswordFile(dataDir);
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  fs.chmodSync(file, 0o600);
  const password = fs.readFileSync(file, "utf8").trim();
  if (password.length < 32) throw new Error(`${file} holds no usable password: delete it and start again (a new one is generated).`);
  return password;
}

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
  // In memory (tests): a password of its own, never written anywhere.
  const password = options.memory ? randomBytes(32).toString("base64url") : ensureEmbeddedPassword(dataDir);
  const db = options.memory ? await PGlite.create() : await PGlite.create(path.join(dataDir, "pglite"));
  const server = await serveProtocol(db, { host: "127.0.0.1", port: options.port ?? 0, password });
  const port = server.port;
  if (!options.memory) fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
  const url = embeddedUrl(port, password);
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

/** For `npm run worker` (and the commands) against the embedded database of a running app. */
export function readEmbeddedInfo(dataDir: string): { pid: number; port: number; url: string } | undefined {
  const file = embeddedInfoFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const info = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; port: number };
  if (!processAlive(info.pid)) return undefined;
  return { ...info, url: embeddedUrl(info.port, fs.readFileSync(embeddedPasswordFile(dataDir), "utf8").trim()) };
}
