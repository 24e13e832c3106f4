import { defineConfig, devices } from "@playwright/test";

// The built app, started the way the README starts it (`npm start`), on its own ports and a clean
// embedded database. Debian's Chromium: Playwright never downloads a browser here.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DEMO_PORT = E2E_PORT + 1;
/** examples/nextjs-vendor, started by e2e/nextjs-vendor.spec.ts; the demo workspace lets it frame the wizard. */
export const EXAMPLE_PORT = E2E_PORT + 2;
/** The app's metrics listener (METRICS_PORT) and its token, read by e2e/metrics.spec.ts. */
export const METRICS_PORT = E2E_PORT + 3;
export const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef0123";
export const APP_URL = `http://localhost:${E2E_PORT}`;
export const HOST_URL = `http://localhost:${E2E_DEMO_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The server's output also goes to .data/e2e/server.log: e2e/wizard.spec.ts checks that no
    // typed secret ever reaches it.
    command: "rm -rf .data/e2e && mkdir -p .data/e2e && npm start 2>&1 | tee .data/e2e/server.log",
    url: `${APP_URL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      LATCHKEY_DEMO_PORT: String(E2E_DEMO_PORT),
      LATCHKEY_DEMO_ORIGINS: `http://localhost:${EXAMPLE_PORT}`,
      LATCHKEY_DATA_DIR: ".data/e2e",
      METRICS_PORT: String(METRICS_PORT),
      METRICS_TOKEN,
      LOG_FORMAT: "json",
      NEXT_TELEMETRY_DISABLED: "1",
      // e2e/sync-worker.spec.ts registers the reference worker's webhook receiver on 127.0.0.1.
      // Loopback targets are refused unless this is set; every endpoint here is local or a made-up host.
      WEBHOOKS_ALLOW_PRIVATE: "true",
    },
  },
});
