// The hand-off as a vendor's sync backend sees it: the reference worker (examples/sync-worker/worker.ts)
// runs as its own process against the running app, with its own least-privilege API key created by
// the CLI, the app's database for the `connection.ready` queue, and a webhook receiver registered
// through the vendor API. An HR admin then links Personio in the real wizard on the demo host page.
import { spawn, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";
import { APP_URL } from "../playwright.config";
import { test as base, DATA, embeddedDbUrl, expect, readData } from "./fixtures";
import { msgs, openOnHost } from "./pages/wizard";

const t = msgs.en;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The reference worker as a child process in its own process group, with its whole output. */
class SyncWorker {
  private out = "";
  private readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly pid: number;
  private done = false;

  constructor(env: Record<string, string>) {
    // Exactly how the README runs it, with only the variables it documents (plus PATH and HOME for
    // npx). Next's types declare NODE_ENV as always present; the worker does not read it.
    const only = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env };
    const child = spawn("npx", ["tsx", "examples/sync-worker/worker.ts"], {
      env: only as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.pid = child.pid!;
    child.stdout.on("data", (d: Buffer) => (this.out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (this.out += d.toString()));
    // "close": every process holding the output pipes (npx, tsx, the worker) has gone.
    this.closed = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    void this.closed.then(() => (this.done = true));
  }

  output(): string {
    return this.out;
  }

  lines(re: RegExp): RegExpMatchArray[] {
    return [...this.out.matchAll(new RegExp(re.source, "gm"))];
  }

  /** Wait until a line matches (or the worker exits, which fails with its output). */
  async waitFor(re: RegExp, timeout = 30_000): Promise<RegExpMatchArray> {
    await expect
      .poll(() => {
        if (this.done) throw new Error(`the worker exited:\n${this.out}`);
        return re.test(this.out);
      }, { timeout, message: `worker output matching ${re}` })
      .toBe(true);
    return re.exec(this.out)!;
  }

  /** SIGTERM to the whole process group; SIGKILL only if it has not gone after a grace period. */
  async stop(): Promise<{ clean: boolean }> {
    if (this.done) return { clean: false };
    process.kill(-this.pid, "SIGTERM");
    const graceful = await Promise.race([this.closed.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 20_000))]);
    if (!graceful) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await this.closed;
    }
    return { clean: graceful };
  }
}

const test = base.extend<{ worker: { start: (env: Record<string, string>) => SyncWorker; cleanup: (fn: () => Promise<unknown>) => void } }>({
  // The fixture's callback is named `provide`: `use` would read as a React hook to the linter.
  worker: async ({}, provide, testInfo) => {
    const started: SyncWorker[] = [];
    const cleanups: Array<() => Promise<unknown>> = [];
    await provide({
      start: (env) => {
        const w = new SyncWorker(env);
        started.push(w);
        return w;
      },
      cleanup: (fn) => cleanups.push(fn),
    });
    // Runs whether the test passed or failed: no worker outlives its test.
    for (const w of started) {
      await w.stop();
      await testInfo.attach("sync-worker output", { body: w.output(), contentType: "text/plain" });
    }
    for (const fn of cleanups) await fn().catch(() => {});
  },
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `npm run latchkey -- apikey:create …` against the running app's embedded database. */
async function createApiKeyWithCli(permissions: string): Promise<{ key: string; id: string; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_DATA_DIR: DATA };
  delete env.DATABASE_URL;
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "latchkey", "--", "apikey:create", "--workspace", "demo", "--permissions", permissions, "--name", "Reference sync worker (e2e)"], { env });
  const key = /\b(lk_[A-Za-z0-9_-]{43})\b/.exec(stdout)?.[1];
  const id = /API key (key_[a-z0-9]+)/.exec(stdout)?.[1];
  expect(key, stdout).toBeTruthy();
  expect(id, stdout).toBeTruthy();
  return { key: key!, id: id!, out: stdout };
}

const api = (key: string, p: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${APP_URL}${p}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

/** The HR admin's part: the demo host page opens the wizard; Personio with the given values. */
async function linkPersonio(page: Page, token: string, values: Record<string, string>): Promise<string> {
  const frame = await openOnHost(page, token);
  const events = () => page.evaluate(() => (window as unknown as { __events: Array<{ type: string; connectionId?: string }> }).__events);
  // The wizard posts `ready` once it is hydrated; a click before that would land on inert HTML.
  await expect.poll(async () => (await events()).some((e) => e.type === "ready")).toBe(true);
  await frame.getByRole("button", { name: t.prerequisites.confirm }).click();
  await frame.getByRole("button", { name: t.guide.continue }).click();
  for (const [k, v] of Object.entries(values)) await frame.locator(`#lk-f-${k}`).fill(v);
  await frame.getByRole("button", { name: t.form.submit }).click();
  await expect(frame.locator("#lk-step-heading")).toHaveText(t.result.successTitle.replace("{provider}", "Personio"), { timeout: 20_000 });
  const success = async () => (await events()).find((e) => e.type === "success");
  await expect.poll(success).toBeTruthy();
  return (await success())!.connectionId!;
}

test("the reference sync worker, run as a vendor runs it, picks up a connection linked in the wizard and reports it healthy", async ({ page, worker, demoKey, createSession }) => {
  // Several waits in a row (a child process, the wizard, the queue, a sign-in), each with its own
  // limit: room beyond the default minute when the machine is busy. Nothing here measures time.
  test.setTimeout(180_000);
  const ok = listSandboxCredentials("personio").find((c) => c.expect.outcome === "ok" && !c.expect.missing?.length)!;
  const SECRET = ok.values.clientSecret!;

  // 1. The sync backend's own key, from the CLI, while the app runs: exactly credentials:read + connections:write.
  const cli = await createApiKeyWithCli("credentials:read,connections:write");
  expect(cli.out).toContain("permissions: credentials:read, connections:write");
  const key = cli.key;
  const refused = await api(key, "/api/v1/connect/sessions", { method: "POST", body: { end_user: { id: "nope" } } });
  expect(refused.status, "the worker's key cannot create sessions").toBe(403);

  // 2. Its webhook receiver, registered through the vendor API (loopback: WEBHOOKS_ALLOW_PRIVATE in playwright.config.ts).
  const webhookPort = await freePort();
  const created = await api(key, "/api/v1/webhook-endpoints", { method: "POST", body: { url: `http://127.0.0.1:${webhookPort}/webhooks/latchkey`, description: "reference sync worker (e2e)" } });
  expect(created.status, await created.clone().text()).toBe(201);
  const endpoint = (await created.json()) as { id: string; secret: string };
  expect(endpoint.secret).toMatch(/^whsec_/);
  worker.cleanup(() => api(key, `/api/v1/webhook-endpoints/${endpoint.id}`, { method: "DELETE" }));

  // 3. The worker, against the running app's database (the embedded one serves Postgres clients).
  const w = worker.start({
    DATABASE_URL: embeddedDbUrl(),
    LATCHKEY_URL: APP_URL,
    LATCHKEY_API_KEY: key,
    WEBHOOK_PORT: String(webhookPort),
    WEBHOOK_SECRET: endpoint.secret,
  });
  await w.waitFor(/^listening on queue connection\.ready$/m);
  await w.waitFor(new RegExp(`^webhook receiver on :${webhookPort}$`, "m"));

  // Its receiver verifies signatures: a request signed with another secret is refused.
  const forgedBody = JSON.stringify({ id: "evt_forged", type: "connection.created", timestamp: new Date().toISOString(), connection_id: "conn_forged", data: {} });
  const forgedAt = new Date();
  const forged = await fetch(`http://127.0.0.1:${webhookPort}/webhooks/latchkey`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": "evt_forged",
      "webhook-timestamp": String(Math.floor(forgedAt.getTime() / 1000)),
      "webhook-signature": new Webhook(`whsec_${randomBytes(32).toString("base64")}`).sign("evt_forged", forgedAt, forgedBody),
    },
    body: forgedBody,
  });
  expect(forged.status).toBe(400);
  await w.waitFor(/^webhook rejected: signature not valid$/m);

  // 4. The HR admin links Personio through the wizard, embedded in the demo host page.
  const session = await createSession({
    end_user: { id: `sync-e2e-${Date.now()}`, name: "Müller Logistik GmbH" },
    providers: ["personio"],
    language: "en",
    scopes: ok.scopes.required,
    optional_scopes: ok.scopes.optional,
  });
  const connectionId = await linkPersonio(page, session.token, ok.values);
  expect(connectionId).toMatch(/^conn_/);
  const id = escape(connectionId);

  // 5. The worker took exactly this connection from connection.ready, read employees through the passthrough, reported healthy.
  const synced = await w.waitFor(new RegExp(`^connection ${id} \\(personio\\): healthy, (\\d+) employees$`, "m"));
  const employees = Number(synced[1]);
  expect(employees).toBeGreaterThan(0);
  expect(w.lines(new RegExp(`^connection ${id} .*$`)).map((m) => m[0])).toEqual([synced[0]]);

  const conn = (await (await api(demoKey, `/api/v1/connections/${connectionId}`)).json()) as { status: string; provider: string; sync: { status: string | null; message: string | null } };
  expect(conn).toMatchObject({ provider: "personio", status: "active", sync: { status: "healthy", message: `Read ${employees} employees (first page).` } });
  // The worker's key reads connections only through the passthrough: it has no connections:read.
  expect((await api(key, `/api/v1/connections/${connectionId}`)).status).toBe(403);

  // 6. The signed connection.created webhook reached the receiver, verified, once; Latchkey logged the delivery as answered 204.
  const hook = await w.waitFor(new RegExp(`^webhook connection\\.created ${id} verified \\((evt_[a-z0-9]+)\\)$`, "m"));
  expect(w.lines(new RegExp(`^webhook connection\\.created ${id} `))).toHaveLength(1);
  const eventId = hook[1]!;
  await expect
    .poll(async () => {
      const res = await api(demoKey, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`);
      const { data } = (await res.json()) as { data: Array<{ event_id: string; succeeded: boolean; status_code: number | null }> };
      return data.filter((d) => d.event_id === eventId).map((d) => ({ succeeded: d.succeeded, status_code: d.status_code }));
    })
    .toEqual([{ succeeded: true, status_code: 204 }]);

  // 7. Support staff see the sync status on the dashboard's connection page.
  await page.goto(`${APP_URL}/dashboard`);
  await page.getByLabel("E-mail").fill("viewer@demo.latchkey.dev");
  await page.getByLabel("Password").fill(readData("demo-viewer-password"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  await page.goto(`${APP_URL}/dashboard/connections/${connectionId}`);
  const syncStatus = page.locator("dt", { hasText: /^Sync status$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(syncStatus).toHaveText(`healthy · Read ${employees} employees (first page).`);

  // 8. A clean stop: SIGTERM to its process group, and it winds down by itself.
  expect(await w.stop()).toEqual({ clean: true });
  expect(w.output()).toMatch(/^SIGTERM: stopping\nstopped\n?$/m);
  expect(w.output()).not.toMatch(/^queue error:/m);

  // 9. No secret in the worker's whole output, nor in the server's log (which did see the worker's calls).
  const all = w.output();
  for (const s of [SECRET, key, endpoint.secret]) expect(all).not.toContain(s);
  const log = readData("server.log");
  expect(log).toContain(`"path":"/api/v1/connections/${connectionId}/proxy","status":200`);
  for (const s of [SECRET, key, endpoint.secret]) expect(log).not.toContain(s);
});
