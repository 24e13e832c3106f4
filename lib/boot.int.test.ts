// The command line while the app runs: the app owns the embedded database (one process per PGlite
// directory), so `npm run latchkey -- …` must use it through its socket instead of refusing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedInfoFile, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";

function cli(dataDir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  delete env.LATCHKEY_EMBEDDED_DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("the command line beside a running app on the embedded database", () => {
  let dataDir: string;
  let owner: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-boot-"));
    // This test process plays the running app: it owns the directory and records its pid and port.
    owner = await startEmbeddedDatabase({ dataDir });
    pool = new pg.Pool({ connectionString: owner.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await owner?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates a workspace and an API key in the running app's database, and leaves it running", async () => {
    const ws = await cli(dataDir, ["workspace:create", "--name", "Boot Test", "--origin", "https://boot.example"]);
    expect(ws.code, ws.out).toBe(0);
    const key = await cli(dataDir, ["apikey:create", "--workspace", "boot-test", "--permissions", "credentials:read,connections:write"]);
    expect(key.code, key.out).toBe(0);
    expect(key.out).toMatch(/lk_[A-Za-z0-9_-]{43}/);

    // Written through the owner's socket (the CLI also applied the migrations there).
    const { rows } = await pool.query<{ slug: string; permissions: string[] }>(
      "select w.slug, k.permissions from api_keys k join workspaces w on w.id = k.workspace_id where w.slug = 'boot-test'",
    );
    expect(rows).toEqual([{ slug: "boot-test", permissions: ["credentials:read", "connections:write"] }]);
    // The owner's record is untouched: the CLI neither took the directory over nor removed the file.
    expect(JSON.parse(fs.readFileSync(embeddedInfoFile(dataDir), "utf8"))).toEqual({ pid: process.pid, port: owner.port });
    expect((await pool.query("select 1 as ok")).rows).toEqual([{ ok: 1 }]);
  });
});
