// examples/nextjs-vendor, run as a vendor would run it: its own Next.js server (dev mode), a server
// action creating the session with @latchkey/node, the modal opened with @latchkey/react. The
// wizard is preloaded when the page opens, so "Connect" shows it at once.
import { spawn, type ChildProcess } from "node:child_process";
import { APP_URL, EXAMPLE_PORT } from "../playwright.config";
import { expect, readDemoKey, test } from "./fixtures";
import { Wizard } from "./pages/wizard";

const EXAMPLE_URL = `http://localhost:${EXAMPLE_PORT}`;
let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // webpack, not Turbopack: Turbopack's dev server (Next 16.4.6) also compiles the repository root's
  // proxy.ts for an app nested in it (docs/platform-notes.md).
  server = spawn(process.execPath, ["../../node_modules/next/dist/bin/next", "dev", "--webpack", "--port", String(EXAMPLE_PORT)], {
    cwd: "examples/nextjs-vendor",
    env: { ...process.env, LATCHKEY_URL: APP_URL, LATCHKEY_API_KEY: readDemoKey(), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await expect.poll(async () => (await fetch(EXAMPLE_URL).catch(() => null))?.status, { timeout: 170_000 }).toBe(200);
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

test("the example vendor app links a customer's HR system with @latchkey/node and @latchkey/react", async ({ page, request, demoKey }) => {
  await page.goto(EXAMPLE_URL);
  // The session was created by the server action and the wizard has loaded hidden.
  await expect(page.getByText("The wizard is ready.")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-latchkey-modal="open"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Connect your HR system" }).click();
  await expect(page.getByRole("dialog", { name: "Connect your HR system" })).toBeVisible();

  const w = new Wizard(page, page.frameLocator("iframe[src*='/connect/']"), "en", "");
  await w.pickProvider("Access People HR");
  await w.toForm();
  await w.submit({ apiKey: "PHRSANDBOX-ALL" });
  await expect(page.getByRole("status")).toHaveText(/^Connected: peoplehr \(conn_[a-z0-9]+\)$/, { timeout: 30_000 });

  const id = /\((conn_[a-z0-9]+)\)/.exec(await page.getByRole("status").innerText())![1]!;
  const res = await request.get(`${APP_URL}/api/v1/connections/${id}`, { headers: { authorization: `Bearer ${demoKey}` } });
  expect(await res.json()).toMatchObject({ id, provider: "peoplehr", status: "active", end_user: { id: "example-customer-1" } });
  expect(output).not.toContain(demoKey);
});
