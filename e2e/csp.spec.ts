// Content-Security-Policy with a per-request script nonce on every page (issue 14, finding 10):
// every <script> the server renders carries that request's nonce, the browser reports no
// violation while the pages work (the wizard, the dashboard, the docs, the demo host page), and a
// script injected without the nonce does not run.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { APP_URL, HOST_URL } from "../playwright.config";
import { DATA, expect, test } from "./fixtures";
import { Wizard } from "./pages/wizard";

const nonceOf = (csp: string | undefined) => /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp ?? "")?.[1];

/** Console messages about the policy: a refused script, style, frame, eval… */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|evaluate)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test("every server-rendered script carries the request's nonce, and nonces differ per request", async ({ request, createSession }) => {
  const { token } = await createSession();
  const pages = ["/", "/docs/api", "/dashboard/sign-in", `/connect/${token}`, "/no-such-page", `${HOST_URL}/demo`];
  const nonces = new Set<string>();
  for (const p of pages) {
    const res = await request.get(p.startsWith("http") ? p : `${APP_URL}${p}`);
    const nonce = nonceOf(res.headers()["content-security-policy"]);
    expect([p, nonce]).toEqual([p, expect.any(String)]);
    nonces.add(nonce!);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, p).toBeGreaterThan(0);
    for (const tag of scripts) expect([p, tag]).toEqual([p, expect.stringContaining(`nonce="${nonce}"`)]);
  }
  expect(nonces.size).toBe(pages.length);
});

test("the pages work under the policy and report no violation", async ({ page, createSession }) => {
  const seen = violations(page);
  // The wizard: the provider picker hydrates and moves on to a provider's form.
  const { url } = await createSession({ language: "en" });
  const wizard = await Wizard.direct(page, url, "en");
  await wizard.pickProvider(/HR WORKS/);
  await wizard.toForm();
  // The dashboard: sign-in works (client-side form, server action, redirect).
  await page.goto(`${APP_URL}/dashboard`);
  await page.getByLabel("E-mail").fill("admin@demo.latchkey.dev");
  await page.getByLabel("Password").fill(fs.readFileSync(`${DATA}/demo-admin-password`, "utf8").trim());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${APP_URL}/dashboard`);
  await page.goto(`${APP_URL}/docs/api`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The demo host page loads connect.js from the app's origin and opens the wizard in a frame.
  await page.goto(`${HOST_URL}/demo`);
  const button = page.getByRole("button", { name: "Connect your HR system" });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByRole("dialog", { name: "Connect your HR system" })).toBeVisible();
  expect(seen).toEqual([]);
});

test("an injected script without the nonce does not run", async ({ page }) => {
  const seen = violations(page);
  await page.goto(`${APP_URL}/`);
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { __injected?: boolean };
    // What an HTML injection would produce: parser-inserted markup, not a script a trusted one created.
    document.body.insertAdjacentHTML("beforeend", `<iframe srcdoc="<script>parent.__injected = true</script>"></iframe>`);
    const inline = document.createElement("div");
    inline.innerHTML = `<img src="x" onerror="window.__injected = true">`;
    document.body.appendChild(inline);
    await new Promise((r) => setTimeout(r, 500));
    return w.__injected === true;
  });
  expect(ran).toBe(false);
  expect(seen.length).toBeGreaterThan(0);
});
