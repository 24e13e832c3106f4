// npm run bench:wizard (issue #5): the wizard's first screen (the provider picker) in headless
// Chromium against the built app (`npm run build` first), beside baselines measured in the same
// run against the same server:
//   - baseline: /bench/baseline, a bare route with one server-action form under the root layout,
//     rendered per request since every page carries a CSP nonce (app/layout.tsx; before that it was
//     static), served by proxy.ts only because this bench sets
//     LATCHKEY_BENCH_ROUTES; 404 in a normal deployment);
//   - dynamic: /bench/dynamic, the same route rendered per request (force-dynamic) like the wizard,
//     which separates what any per-request page costs from what is the wizard's own;
//   - 404: the app's not-found page (per request too, for the nonce), the previous baseline, for reference.
// Playwright: medians of BENCH_RUNS cold loads (fresh browser context, empty cache) at 412×823,
// in a rotating order, after one unrecorded warm-up round: compressed JS bytes, requests, TTFB
// (navigation responseStart), stylesheets loaded, FCP, LCP and the LCP element, and how often
// long tasks (the framework's JS evaluation) ran before the first paint and so delayed it.
// Lighthouse 12 (mobile, its default simulated throttling): median performance score of
// BENCH_LIGHTHOUSE_RUNS runs per page, each wizard run on a fresh session.
// Opening from a vendor's page (issue 16): on a page of the demo host origin with /connect.js, the
// time from the click to the wizard being interactive (it has hydrated and said `ready`, and is
// visible), prepared (prepareConnect, ready before the click; the click calls open()) and
// unprepared (the click calls openConnect), BENCH_RUNS each, beside the same run's baseline route.
// Prints figures and ratios, then exactly one JSON line. Never fails on timing.
import { spawn, execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { waitForUrl } from "@/bench/helpers";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const APP = `http://localhost:${PORT}`;
const DATA = ".data/bench-wizard";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LH_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

type Sample = { jsBytes: number; requests: number; cssFiles: number; ttfbMs: number; cssMs: number; fcpMs: number; lcpMs: number; lcpElement: string; blockedMs: number };
type Lh = { score: number; fcpMs: number; lcpMs: number; tbtMs: number; ttfbMs: number };
type PageId = "wizard" | "baseline" | "dynamic" | "notFound";

async function measure(browser: Browser, url: string, expectSelector: string, expectStatus = 200): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: { t: number; el: string }; __long: [number, number][] };
    w.__lcp = { t: 0, el: "" };
    w.__long = [];
    // Long main-thread tasks (script evaluation) that start before the first paint delay it.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
        const el = e.element;
        w.__lcp = { t: e.startTime, el: el ? `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""}` : "?" };
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  const res = await page.goto(url, { waitUntil: "networkidle" });
  // Not a timing: the page must be the one meant (the picker, not a session error; not a 404).
  if (!res || res.status() !== expectStatus || !(await page.locator(expectSelector).count())) {
    throw new Error(`${url.replace(/\/connect\/[^/?]+/, "/connect/[token]")} did not show ${expectSelector} (status ${res?.status()})`);
  }
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const js = entries.filter((e) => e.initiatorType === "script" || /\.js(\?|$)/.test(e.name));
    const css = entries.filter((e) => /\.css(\?|$)/.test(e.name));
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const { __lcp: lcp, __long: long } = window as unknown as { __lcp: { t: number; el: string }; __long: [number, number][] };
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
    return {
      jsBytes: js.reduce((n, e) => n + (e.encodedBodySize || e.transferSize), 0),
      requests: entries.length + 1,
      cssFiles: css.length,
      ttfbMs: nav.responseStart,
      cssMs: css.reduce((m, e) => Math.max(m, e.responseEnd), 0),
      fcpMs: fcp,
      lcpMs: lcp.t,
      lcpElement: lcp.el,
      blockedMs: long.filter(([start]) => start < fcp).reduce((n, [, d]) => n + d, 0),
    };
  });
  await context.close();
  return r;
}

type Opening = { preparedMs: number; unpreparedMs: number };

/**
 * Click → interactive, on a page of the host origin (the demo port, an allowed embed origin) with
 * /connect.js. Prepared: the wizard has said `ready` in its hidden iframe; the click calls open()
 * and the wizard is interactive once the modal is painted (the next frame). Unprepared: the click
 * calls openConnect and the wizard is interactive when it says `ready` (hydrated) and is visible.
 */
async function measureOpening(browser: Browser, host: string, preparedToken: string, unpreparedToken: string): Promise<Opening> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addInitScript("window.__name = (f) => f");
  await page.goto(`${host}/api/health`);
  await page.addScriptTag({ url: `${APP}/connect.js` });
  await page.waitForFunction(() => !!(window as unknown as { Latchkey?: unknown }).Latchkey);
  type L = { prepareConnect: (o: unknown) => { open: () => void; destroy: () => void; ready: boolean }; openConnect: (o: unknown) => { destroy: () => void } | null };
  await page.evaluate((token) => {
    const w = window as unknown as { Latchkey: L; __prepared: ReturnType<L["prepareConnect"]> };
    w.__prepared = w.Latchkey.prepareConnect({ token });
  }, preparedToken);
  await page.waitForFunction(() => (window as unknown as { __prepared: { ready: boolean } }).__prepared.ready, undefined, { timeout: 60_000 });
  const preparedMs = await page.evaluate(async () => {
    const w = window as unknown as { __prepared: { open: () => void; destroy: () => void } };
    const t0 = performance.now();
    w.__prepared.open();
    // Painted: the frame after the modal became visible.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t = performance.now() - t0;
    w.__prepared.destroy();
    return t;
  });
  const unpreparedMs = await page.evaluate(
    (token) =>
      new Promise<number>((resolve) => {
        const w = window as unknown as { Latchkey: L };
        const t0 = performance.now();
        const h = w.Latchkey.openConnect({
          token,
          onEvent: (e: { type: string }) => {
            if (e.type !== "ready") return;
            resolve(performance.now() - t0);
            setTimeout(() => h?.destroy(), 0);
          },
        });
      }),
    unpreparedToken,
  );
  await context.close();
  return { preparedMs, unpreparedMs };
}

async function createSession(key: string, i: number | string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await fetch(`${APP}/api/v1/connect/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ end_user: { id: `bench-${i}` }, language: "en" }),
    });
    if (res.status === 201) return ((await res.json()) as { url: string }).url;
    console.error(`session API answered ${res.status}`);
  }
  throw new Error("could not create a session");
}

/** One Lighthouse run (its CLI, mobile by default); null when it could not run. */
function lighthouse(url: string): Promise<Lh | null> {
  const cli = path.resolve("node_modules/lighthouse/cli/index.js");
  if (!fs.existsSync(cli)) return Promise.resolve(null);
  const args = [
    cli,
    url,
    "--only-categories=performance",
    "--output=json",
    "--output-path=stdout",
    "--quiet",
    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, stdout) => {
      try {
        if (err) throw err;
        const lhr = JSON.parse(stdout) as { categories: { performance: { score: number | null } }; audits: Record<string, { numericValue?: number }> };
        const score = lhr.categories.performance.score;
        if (score === null) throw new Error("no score");
        const a = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
        resolve({
          score: Math.round(score * 100),
          fcpMs: a("first-contentful-paint"),
          lcpMs: a("largest-contentful-paint"),
          tbtMs: a("total-blocking-time"),
          ttfbMs: a("server-response-time"),
        });
      } catch (e) {
        console.error(`lighthouse could not measure a page: ${(e as Error).message.split("\n")[0]!.replace(/\/connect\/[^/\s]+/g, "/connect/[token]")}`);
        resolve(null);
      }
    });
  });
}

const tokenOf = (url: string) => url.split("/connect/")[1]!;

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mode = (xs: string[]) => [...xs].sort((a, b) => xs.filter((x) => x === b).length - xs.filter((x) => x === a).length)[0] ?? "";
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : "n/a");
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? Number((a / b).toFixed(2)) : null);
const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Build first: npm run build");
  fs.rmSync(DATA, { recursive: true, force: true });
  const server = spawn("npx", ["tsx", "scripts/serve.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      LATCHKEY_DEMO_PORT: String(PORT + 1),
      LATCHKEY_DATA_DIR: DATA,
      LATCHKEY_BENCH_ROUTES: "true",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForUrl(`${APP}/api/health`);
    const key = fs.readFileSync(path.join(DATA, "demo-api-key"), "utf8").trim();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    // Sessions first: creating one is server work that must not overlap a measured load.
    const sessions: string[] = [];
    for (let i = 0; i <= RUNS; i++) sessions.push(await createSession(key, i));
    const lhSessions: string[] = [];
    for (let i = 0; i < LH_RUNS; i++) lhSessions.push(await createSession(key, `lh-${i}`));
    const openingSessions: Array<[string, string]> = [];
    for (let i = 0; i <= RUNS; i++) openingSessions.push([tokenOf(await createSession(key, `p-${i}`)), tokenOf(await createSession(key, `u-${i}`))]);
    const samples: Record<PageId, Sample[]> = { wizard: [], baseline: [], dynamic: [], notFound: [] };
    const openings: Opening[] = [];
    const order: PageId[] = ["wizard", "baseline", "dynamic", "notFound"];
    for (let i = 0; i <= RUNS; i++) {
      // Rotate the order so that no page always follows the same one (the wizard's after-response
      // work and step report reach the server while the next page would be loading).
      for (let k = 0; k < order.length; k++) {
        const id = order[(i + k) % order.length]!;
        const s =
          id === "wizard"
            ? await measure(browser, sessions[i]!, ".lk-providers")
            : id === "notFound"
              ? await measure(browser, `${APP}/bench-not-found-${i}`, "h2", 404)
              : await measure(browser, `${APP}/bench/${id}`, "form");
        // The first round warms the server's route caches; it is not counted.
        if (i > 0) samples[id].push(s);
      }
      const o = await measureOpening(browser, `http://localhost:${PORT + 1}`, ...openingSessions[i]!);
      if (i > 0) openings.push(o);
    }
    await browser.close();

    const lh: Record<"wizard" | "baseline", Lh[]> = { wizard: [], baseline: [] };
    for (let i = 0; i < LH_RUNS; i++) {
      const w = await lighthouse(lhSessions[i]!);
      if (w) lh.wizard.push(w);
      const b = await lighthouse(`${APP}/bench/baseline`);
      if (b) lh.baseline.push(b);
    }

    const m = (id: PageId, f: keyof Omit<Sample, "lcpElement">) => median(samples[id].map((s) => s[f]));
    const blocked = (id: PageId) => samples[id].filter((s) => s.blockedMs > 0);
    const lhm = (id: "wizard" | "baseline", f: keyof Lh) => median(lh[id].map((s) => s[f]));
    const line = (id: PageId, label: string) => {
      console.log(label);
      console.log(`  JS (compressed): ${kb(m(id, "jsBytes"))}   requests: ${m(id, "requests")}`);
      console.log(
        `  TTFB: ${ms(m(id, "ttfbMs"))}   stylesheets: ${m(id, "cssFiles") ? `${m(id, "cssFiles")}, loaded at ${ms(m(id, "cssMs"))}` : "inline"}   FCP: ${ms(m(id, "fcpMs"))}   LCP: ${ms(m(id, "lcpMs"))} (${mode(samples[id].map((s) => s.lcpElement))})`,
      );
      const b = blocked(id);
      console.log(`  long tasks (JS) before the first paint: in ${b.length}/${samples[id].length} loads${b.length ? `, median ${ms(median(b.map((s) => s.blockedMs)))}` : ""}`);
    };
    console.log(`medians of ${RUNS} cold loads each, 412×823, headless Chromium, port ${PORT}:`);
    line("wizard", "wizard first screen (provider picker):");
    line("baseline", "baseline (/bench/baseline: bare route, one server-action form):");
    line("dynamic", "bare dynamic route (/bench/dynamic: the same, rendered per request):");
    line("notFound", "404 page (the previous baseline):");
    const lcpRatio = ratio(m("wizard", "lcpMs"), m("baseline", "lcpMs"));
    console.log(
      `wizard ÷ baseline: TTFB ${ratio(m("wizard", "ttfbMs"), m("baseline", "ttfbMs"))}, FCP ${ratio(m("wizard", "fcpMs"), m("baseline", "fcpMs"))}, LCP ${lcpRatio}; ` +
        `LCP − baseline: ${ms(m("wizard", "lcpMs") - m("baseline", "lcpMs"))} (TTFB − baseline: ${ms(m("wizard", "ttfbMs") - m("baseline", "ttfbMs"))})`,
    );
    console.log(
      `wizard ÷ bare dynamic route: TTFB ${ratio(m("wizard", "ttfbMs"), m("dynamic", "ttfbMs"))}, LCP ${ratio(m("wizard", "lcpMs"), m("dynamic", "lcpMs"))}; ` +
        `LCP − dynamic: ${ms(m("wizard", "lcpMs") - m("dynamic", "lcpMs"))} (TTFB − dynamic: ${ms(m("wizard", "ttfbMs") - m("dynamic", "ttfbMs"))})`,
    );
    for (const id of ["wizard", "baseline"] as const) {
      const runs = lh[id].map((r) => r.score).join(", ") || "none";
      console.log(
        `lighthouse mobile, ${id}: ${Number.isFinite(lhm(id, "score")) ? lhm(id, "score") : "n/a"} (runs: ${runs}; simulated FCP ${ms(lhm(id, "fcpMs"))}, LCP ${ms(lhm(id, "lcpMs"))}, TBT ${ms(lhm(id, "tbtMs"))}, server response ${ms(lhm(id, "ttfbMs"))})`,
      );
    }
    const prepared = median(openings.map((o) => o.preparedMs));
    const unprepared = median(openings.map((o) => o.unpreparedMs));
    console.log(
      `opening from a vendor's page (click → interactive, medians of ${openings.length}): prepared ${ms(prepared)} (goal ≤ 50 ms: ${prepared <= 50 ? "met" : "missed"}), ` +
        `unprepared ${ms(unprepared)}; baseline route LCP ${ms(m("baseline", "lcpMs"))} (unprepared ÷ baseline LCP ${ratio(unprepared, m("baseline", "lcpMs"))})`,
    );
    const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.log(`load average while measuring: ${load} (the machine is shared: figures move with it)`);
    const js = m("wizard", "jsBytes");
    const lhWizard = lhm("wizard", "score");
    console.log(
      `goals: JS < 150 KB: ${js < 150 * 1024 ? "met" : "missed"} (${kb(js)}); LCP ≤ 1.5 × baseline: ${lcpRatio !== null && lcpRatio <= 1.5 ? "met" : "missed"} (${lcpRatio}); ` +
        `Lighthouse mobile ≥ 98: ${Number.isFinite(lhWizard) ? (lhWizard >= 98 ? "met" : "missed") : "not measured"} (${Number.isFinite(lhWizard) ? lhWizard : "n/a"})`,
    );
    console.log(
      JSON.stringify({
        js_bytes: js,
        baseline_js_bytes: m("baseline", "jsBytes"),
        requests: m("wizard", "requests"),
        baseline_requests: m("baseline", "requests"),
        ttfb_ms: round(m("wizard", "ttfbMs")),
        baseline_ttfb_ms: round(m("baseline", "ttfbMs")),
        fcp_ms: round(m("wizard", "fcpMs")),
        baseline_fcp_ms: round(m("baseline", "fcpMs")),
        lcp_ms: round(m("wizard", "lcpMs")),
        baseline_lcp_ms: round(m("baseline", "lcpMs")),
        lcp_ratio: lcpRatio,
        lighthouse_mobile: Number.isFinite(lhWizard) ? lhWizard : null,
        baseline_lighthouse_mobile: Number.isFinite(lhm("baseline", "score")) ? lhm("baseline", "score") : null,
        dynamic_ttfb_ms: round(m("dynamic", "ttfbMs")),
        dynamic_lcp_ms: round(m("dynamic", "lcpMs")),
        lcp_ratio_vs_dynamic: ratio(m("wizard", "lcpMs"), m("dynamic", "lcpMs")),
        js_before_paint_loads: blocked("wizard").length,
        baseline_js_before_paint_loads: blocked("baseline").length,
        not_found_js_bytes: m("notFound", "jsBytes"),
        not_found_lcp_ms: round(m("notFound", "lcpMs")),
        open_prepared_ms: round(prepared),
        open_unprepared_ms: round(unprepared),
        open_unprepared_ratio_vs_baseline_lcp: ratio(unprepared, m("baseline", "lcpMs")),
        load_average: load,
        runs: RUNS,
        lighthouse_runs: LH_RUNS,
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
