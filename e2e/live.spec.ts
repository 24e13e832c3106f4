// Issue 17, live views: they follow changes by themselves, without a reload. The wizard's
// Justworks status view while support records the service user's progress in the dashboard (and
// stops asking once the state is final); the OAuth route learning the outcome from the server when
// the consent ran in a new tab; the dashboard's connection page (status badge, timeline and the
// service-user section) when the connection changes from another tab or a re-check; a webhook
// endpoint's delivery log when a test event is delivered. Every poll answer is checked for the
// customer's secret (the canary) and the endpoint's signing secret. Screenshots of each live view
// go to artifacts/screenshots/live.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "@playwright/test";
import { APP_URL, E2E_PORT } from "../playwright.config";
import { createSession, expect, readData, readDemoKey, test } from "./fixtures";
import { hostEvents, msgs, openOnHost, Wizard } from "./pages/wizard";

const SHOTS = "artifacts/screenshots/live";
// The HR WORKS sandbox's Secret Access Key: the secret the customer pastes into the wizard.
const CANARY = "hrworks-sandbox-secret";
const admin = () => ({ email: "admin@demo.latchkey.dev", password: readData("demo-admin-password") });
const jw = JSON.parse(fs.readFileSync("messages/providers/justworks/en.json", "utf8")) as { wizard: Record<string, string> };
/** A state's text in the wizard, whatever its placeholders (the workspace's name) hold. */
const stateText = (name: string) => new RegExp(`^${jw.wizard[`state_${name}`]!.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, ".+")}$`);
const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? "");
const JUSTWORKS_PERMISSIONS = ["Edit Company Settings", "Manage Employees", "View all employee information", "View basic employee information", "Upload and View all Documents", "View Invoices and Reporting"];

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function signIn(page: Page) {
  await page.goto("/dashboard");
  await page.getByLabel("E-mail").fill(admin().email);
  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
}

async function openConnection(page: Page, endUserId: string): Promise<string> {
  await page.goto(`/dashboard?q=${encodeURIComponent(endUserId)}`);
  const rows = page.locator("table.dash-table tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("link").click();
  await expect(page).toHaveURL(/\/dashboard\/connections\/conn_/);
  return page.url().split("/").pop()!;
}

/** A marker that a reload would lose: the view changed in place. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __live: boolean }).__live = true));
const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { __live?: boolean }).__live === true);

/** Every answer of the live views' poll endpoints on a page: URL and body. */
function recordPolls(page: Page, match: (url: string, method: string) => boolean): Array<{ url: string; body: string }> {
  const seen: Array<{ url: string; body: string }> = [];
  page.on("response", async (res) => {
    if (!match(res.url(), res.request().method())) return;
    seen.push({ url: res.url(), body: await res.text().catch(() => "") });
  });
  return seen;
}

async function justworksInvitationSent(browser: Browser, endUser: { id: string; name: string }): Promise<Page> {
  const { url } = await createSession({ end_user: endUser, providers: ["justworks"] });
  const customer = await browser.newPage();
  await Wizard.direct(customer, url, "en");
  await customer.getByRole("button", { name: "I have this, continue" }).click();
  await customer.getByRole("button", { name: "I have sent the invitation" }).click();
  await expect(customer.locator("#lk-step-heading")).toHaveText("Connection status");
  return customer;
}

test.describe.configure({ mode: "serial" });

test("the Justworks status view follows support's steps in the dashboard by itself and stops asking at the final state", async ({ browser, page }) => {
  const endUser = { id: `e2e-live-jw-${Date.now()}`, name: "Live & Co" };
  const customer = await justworksInvitationSent(browser, endUser);
  const state = (name: string) => customer.getByText(stateText(name));
  await expect(state("awaiting_invitation")).toBeVisible();
  await markPage(customer);
  // The wizard's status answers are server-action POSTs to its own URL.
  const asks = recordPolls(customer, (url, method) => method === "POST" && url.includes("/connect/"));

  await signIn(page);
  await openConnection(page, endUser.id);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Justworks service user" }) });
  await section.getByRole("button", { name: "The customer accepted the invitation" }).click();
  await expect(page.getByText("Justworks state saved.")).toBeVisible();
  await expect(state("invitation_accepted")).toBeVisible({ timeout: 40_000 });
  await shot(customer, "wizard-justworks-accepted");

  const checklist = section.getByRole("group", { name: "Permissions verified" });
  for (const name of JUSTWORKS_PERMISSIONS) await checklist.getByRole("checkbox", { name }).check();
  await section.getByRole("button", { name: "Save Justworks state" }).click();
  await expect(page.getByText("Justworks state saved.")).toBeVisible();
  await expect(state("verified")).toBeVisible({ timeout: 40_000 });
  expect(await stillSamePage(customer)).toBe(true);
  await shot(customer, "wizard-justworks-verified");

  // Final: no more questions to the server.
  const before = asks.length;
  expect(before).toBeGreaterThan(0);
  await customer.waitForTimeout(6_000);
  expect(asks.length).toBe(before);
  await customer.close();
});

test("the OAuth route learns the outcome from the server when the consent ran in a new tab", async ({ page, context }) => {
  const { token } = await createSession({ providers: ["justworks"] });
  const frame = await openOnHost(page, token);
  const o = msgs.en.oauth;
  await frame.getByRole("button", { name: fill(o.altOAuth, { provider: "Justworks" }) }).click();
  await frame.locator("body").evaluate(() => {
    window.open = () => null;
  });
  await frame.getByRole("button", { name: fill(o.open, { provider: "Justworks" }) }).click();
  const tabP = context.waitForEvent("page");
  await frame.getByRole("link", { name: fill(o.newTab, { provider: "Justworks" }) }).click();
  const tab = await tabP;
  await tab.getByRole("button", { name: "Allow" }).click();
  await tab.waitForLoadState();
  // The admin comes back to the vendor's page; nothing told the wizard but the server.
  await page.bringToFront();
  await expect(frame.getByTestId("oauth-account")).toContainText("Acme Sandbox Co", { timeout: 40_000 });
  await expect.poll(async () => (await hostEvents(page)).some((e) => e.type === "success")).toBe(true);
  await shot(page, "wizard-oauth-connected");
});

test("the connection page follows a change made in another tab: status badge, timeline and the service-user section, without a reload", async ({ browser, page }) => {
  const endUser = { id: `e2e-live-dash-${Date.now()}`, name: "Tabs GmbH" };
  await (await justworksInvitationSent(browser, endUser)).close();
  await signIn(page);
  const id = await openConnection(page, endUser.id);
  const polls = recordPolls(page, (url, method) => method === "GET" && url.endsWith(`/dashboard/api/connections/${id}/live`));
  const heading = page.getByRole("heading", { level: 1 });
  const timeline = page.getByTestId("live-timeline").locator("li");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Justworks service user" }) });
  await expect(heading.getByText("Pending")).toBeVisible();
  const entries = await timeline.count();
  await markPage(page);

  // Another tab of the same support agent records the service user's steps.
  const other = await page.context().newPage();
  await other.goto(`/dashboard/connections/${id}`);
  const otherSection = other.locator("section", { has: other.getByRole("heading", { name: "Justworks service user" }) });
  await otherSection.getByRole("button", { name: "The customer accepted the invitation" }).click();
  await expect(other.getByText("Justworks state saved.")).toBeVisible();
  await expect(section.getByTestId("service-user-state")).toHaveText("invitation_accepted", { timeout: 40_000 });
  await expect(page.getByTestId("live-timeline")).toContainText("connection.justworks_invitation_accepted");
  const checklist = otherSection.getByRole("group", { name: "Permissions verified" });
  for (const name of JUSTWORKS_PERMISSIONS) await checklist.getByRole("checkbox", { name }).check();
  await otherSection.getByRole("button", { name: "Save Justworks state" }).click();
  await expect(other.getByText("Justworks state saved.")).toBeVisible();
  await other.close();

  await expect(heading.getByText("Active")).toBeVisible({ timeout: 40_000 });
  await expect(section.getByTestId("service-user-state")).toHaveText("verified");
  await expect(section.getByRole("group", { name: "Permissions verified" }).getByRole("checkbox", { name: "Manage Employees" })).toBeChecked();
  expect(await timeline.count()).toBeGreaterThan(entries);
  expect(await stillSamePage(page)).toBe(true);
  expect(polls.length).toBeGreaterThan(0);
  await shot(page, "dashboard-connection-live");
});

test("a re-check through the dashboard's API shows up on an open connection page; no poll answer carries the customer's secret", async ({ browser, page }) => {
  const endUser = { id: `e2e-live-canary-${Date.now()}`, name: "Canary Live AG" };
  const { url } = await createSession({ end_user: endUser, providers: ["hrworks"] });
  const customer = await browser.newPage();
  const w = await Wizard.direct(customer, url, "en");
  await customer.getByRole("button", { name: "I have this, continue" }).click();
  await customer.getByRole("button", { name: "I have the credentials" }).click();
  await w.submit({ accessKey: "HWSANDBOX-ALL", secretAccessKey: CANARY });
  await expect(customer.getByRole("heading", { name: /^HR WORKS is connected$/ })).toBeVisible({ timeout: 30_000 });
  await customer.close();

  await signIn(page);
  const id = await openConnection(page, endUser.id);
  const polls = recordPolls(page, (u, method) => method === "GET" && u.endsWith(`/dashboard/api/connections/${id}/live`));
  const checks = page.getByTestId("live-timeline").getByText("Check (dashboard): ok");
  await expect(checks).toHaveCount(0);
  await markPage(page);
  const recheck = await page.request.post(`${APP_URL}/dashboard/api/connections/${id}/recheck`);
  expect(recheck.status()).toBe(200);
  await expect(checks).toHaveCount(1, { timeout: 40_000 });
  expect(await stillSamePage(page)).toBe(true);

  const direct = await page.request.get(`${APP_URL}/dashboard/api/connections/${id}/live`);
  expect(direct.status()).toBe(200);
  const answers = [...polls.map((p) => p.body), await direct.text()];
  expect(answers.length).toBeGreaterThan(1);
  for (const body of answers) {
    expect(body).toContain('"timeline"');
    expect(body).not.toContain(CANARY);
  }
});

test("a webhook endpoint's delivery log shows a new delivery by itself; its answers never carry the signing secret", async ({ page }) => {
  // A receiver on this run's port range (E2E_PORT + 5) that accepts every delivery.
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(E2E_PORT + 5, "127.0.0.1", resolve));
  const auth = { authorization: `Bearer ${readDemoKey()}`, "content-type": "application/json" };
  try {
    const created = await fetch(`${APP_URL}/api/v1/webhook-endpoints`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, description: "live log", event_types: ["webhook_endpoint.test"] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    expect(endpoint.secret).toMatch(/^whsec_/);

    await signIn(page);
    await page.goto("/dashboard/settings");
    const card = page.locator("article", { hasText: "live log" });
    await expect(card).toBeVisible();
    await expect(card.getByTestId("webhook-deliveries")).toHaveCount(0);
    await markPage(page);
    const polls = recordPolls(page, (u, method) => method === "GET" && u.includes(`/webhooks/${endpoint.id}/deliveries`));

    const sent = await fetch(`${APP_URL}/api/v1/webhook-endpoints/${endpoint.id}/test`, { method: "POST", headers: auth });
    expect(sent.status, await sent.clone().text()).toBeLessThan(300);
    await expect(card.getByTestId("webhook-deliveries").locator("tr")).toHaveCount(1, { timeout: 40_000 });
    await expect(card.getByTestId("webhook-deliveries")).toContainText("204");
    expect(await stillSamePage(page)).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await shot(page, "dashboard-webhook-log-live");
    expect(polls.length).toBeGreaterThan(0);
    for (const p of polls) {
      expect(p.body).not.toContain(endpoint.secret);
      expect(p.body).not.toContain(endpoint.secret.slice("whsec_".length));
    }
    const removed = await fetch(`${APP_URL}/api/v1/webhook-endpoints/${endpoint.id}`, { method: "DELETE", headers: auth });
    expect(removed.status).toBeLessThan(300);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
