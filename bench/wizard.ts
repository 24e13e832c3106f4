// npm run bench:wizard — the wizard's first screen in headless Chromium against the built app
// (`npm run build` first), beside a baseline measured in the same run: the app's own bare route
// (its 404 page: the root layout, no client components of ours). Medians of RUNS cold loads.
// Reports compressed JS bytes, request count and LCP. Never fails on timing.
// Lighthouse is not installed in this repository, so `lighthouse_mobile` is null.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const APP = `http://localhost:${PORT}`;
const DATA = ".data/bench-wizard";
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

type Sample = { jsBytes: number; requests: number; lcpMs: number };

async function waitFor(url: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function measure(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__lcp = e.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const js = entries.filter((e) => e.initiatorType === "script" || /\.js(\?|$)/.test(e.name));
    return {
      jsBytes: js.reduce((n, e) => n + (e.encodedBodySize || e.transferSize), 0),
      requests: entries.length + 1,
      lcpMs: (window as unknown as { __lcp: number }).__lcp,
    };
  });
  await context.close();
  return r;
}

async function createSession(key: string, i: number): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await fetch(`${APP}/api/v1/connect/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ end_user: { id: `bench-${i}` }, language: "en" }),
    });
    if (res.status === 201) return ((await res.json()) as { url: string }).url;
    console.error(`session API answered ${res.status}: ${await res.text()}`);
  }
  throw new Error("could not create a session");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Build first: npm run build");
  fs.rmSync(DATA, { recursive: true, force: true });
  const server = spawn("npx", ["tsx", "scripts/serve.ts"], {
    env: { ...process.env, PORT: String(PORT), LATCHKEY_DEMO_PORT: String(PORT + 1), LATCHKEY_DATA_DIR: DATA, LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitFor(`${APP}/api/health`);
    const key = fs.readFileSync(path.join(DATA, "demo-api-key"), "utf8").trim();
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const wizard: Sample[] = [];
    const baseline: Sample[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const url = await createSession(key, i);
      const w = await measure(browser, url);
      const b = await measure(browser, `${APP}/bench-baseline-${i}`);
      // The first pair warms the server's route caches; it is not counted.
      if (i > 0) {
        wizard.push(w);
        baseline.push(b);
      }
    }
    await browser.close();

    const js = median(wizard.map((s) => s.jsBytes));
    const baseJs = median(baseline.map((s) => s.jsBytes));
    const lcp = median(wizard.map((s) => s.lcpMs));
    const baseLcp = median(baseline.map((s) => s.lcpMs));
    const requests = median(wizard.map((s) => s.requests));
    const baseRequests = median(baseline.map((s) => s.requests));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`wizard first screen (picker), medians of ${RUNS} cold loads, 412×823:`);
    console.log(`  JS (compressed): ${kb(js)}   requests: ${requests}   LCP: ${lcp.toFixed(0)} ms`);
    console.log(`baseline (bare route of the same build):`);
    console.log(`  JS (compressed): ${kb(baseJs)}   requests: ${baseRequests}   LCP: ${baseLcp.toFixed(0)} ms`);
    console.log(`goals: JS < 150 KB (${js < 150 * 1024 ? "met" : "missed"}); LCP ≤ 1.5 × baseline (ratio ${(lcp / baseLcp).toFixed(2)})`);
    console.log("lighthouse: not installed here; not measured");
    console.log(
      JSON.stringify({
        js_bytes: js,
        baseline_js_bytes: baseJs,
        requests,
        baseline_requests: baseRequests,
        lcp_ms: Math.round(lcp),
        baseline_lcp_ms: Math.round(baseLcp),
        lcp_ratio: Number((lcp / baseLcp).toFixed(2)),
        lighthouse_mobile: null,
      }),
    );
  } finally {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
