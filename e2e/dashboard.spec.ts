// The support dashboard against the built app: roles enforced on the server, the admin actions,
// a canary secret that never reaches the dashboard's HTML, RSC payloads or action responses,
// sign-out, and axe on the list and connection pages.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";

const DATA = ".data/e2e";
const SHOTS = "artifacts/screenshots/dashboard";
// The HR WORKS sandbox's Secret Access Key: the secret the customer pastes into the wizard.
const CANARY = "hrworks-sandbox-secret";
const read = (f: string) => fs.readFileSync(path.join(DATA, f), "utf8").trim();
const admin = () => ({ email: "admin@demo.latchkey.dev", password: read("demo-admin-password") });
const viewer = () => ({ email: "viewer@demo.latchkey.dev", password: read("demo-viewer-password") });

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Every dashboard response body (documents, RSC payloads, server-action results) is checked for the canary. */
function watchForSecrets(page: Page): { leaks: string[]; checked: () => number } {
  const leaks: string[] = [];
  let n = 0;
  page.on("response", async (res) => {
    const url = res.url();
    if (!url.startsWith(`${APP_URL}/dashboard`)) return;
    try {
      const body = await res.text();
      n++;
      if (body.includes(CANARY)) leaks.push(`${res.request().method()} ${url}`);
    } catch {
      // redirects and aborted navigations have no body
    }
  });
  return { leaks, checked: () => n };
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\/sign-in/);
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
}

/** A customer links HR WORKS through the wizard with the canary secret. */
async function linkThroughWizard(browser: Browser, request: APIRequestContext, endUser: { id: string; name: string }, url?: string) {
  if (!url) {
    const res = await request.post(`${APP_URL}/api/v1/connect/sessions`, {
      headers: { authorization: `Bearer ${read("demo-api-key")}` },
      data: { end_user: { ...endUser, email: `${endUser.id}@customer.example` }, providers: ["hrworks"] },
    });
    expect(res.status()).toBe(201);
    url = ((await res.json()) as { url: string }).url;
  }
  const page = await browser.newPage();
  await page.goto(url);
  await expect(page.locator("html")).toHaveAttribute("data-lk-ready", "true");
  await page.getByRole("button", { name: "I have this, continue" }).click();
  await page.getByRole("button", { name: "I have the credentials" }).click();
  await page.locator("#lk-f-accessKey").fill("HWSANDBOX-ALL");
  await page.locator("#lk-f-secretAccessKey").fill(CANARY);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("heading", { name: /^HR WORKS is (re)?connected$/ })).toBeVisible({ timeout: 30_000 });
  await page.close();
}

async function openConnection(page: Page, endUserId: string): Promise<string> {
  await page.getByLabel("Search").fill(endUserId);
  await page.getByRole("button", { name: "Apply" }).click();
  const rows = page.locator("table.dash-table tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("link").click();
  await expect(page).toHaveURL(/\/dashboard\/connections\/conn_/);
  return page.url().split("/").pop()!;
}

test.describe.configure({ mode: "serial" });

const customer = { id: `e2e-dash-${Date.now()}`, name: "Müller GmbH" };
let connectionId = "";

test.beforeAll(async ({ browser, request }) => {
  await linkThroughWizard(browser, request, customer);
});

test("a visitor is sent to sign-in and refused by the admin endpoints", async ({ page, request }) => {
  await page.goto("/dashboard/audit");
  await expect(page).toHaveURL(/\/dashboard\/sign-in\?callbackUrl=%2Fdashboard%2Faudit/);
  const res = await request.post(`${APP_URL}/dashboard/api/connections/conn_x/delete`, { data: { confirm: "conn_x" } });
  expect(res.status()).toBe(401);
  await page.getByLabel("E-mail").fill("admin@demo.latchkey.dev");
  await page.getByLabel("Password").fill("wrong password, surely");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#signin-error")).toHaveText("The e-mail address or password is not correct.");
  await shot(page, "sign-in-error");
});

test("a viewer sees everything but cannot act, and a direct request to an admin action is refused with 403", async ({ page }) => {
  const watch = watchForSecrets(page);
  await signIn(page, viewer());
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspace settings" })).toHaveCount(0);
  connectionId = await openConnection(page, customer.id);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Müller GmbH");
  await expect(page.getByText("You have the viewer role: actions need an admin.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Re-run check now" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Delete connection/ })).toHaveCount(0);
  await shot(page, "connection-viewer");

  for (const [action, data] of [
    ["delete", { confirm: connectionId }],
    ["recheck", {}],
    ["reconnect-link", { hours: 24 }],
  ] as const) {
    const res = await page.request.post(`${APP_URL}/dashboard/api/connections/${connectionId}/${action}`, { data });
    expect(res.status(), action).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  }
  await page.goto("/dashboard/settings");
  await expect(page).toHaveURL(/\/dashboard\/forbidden/);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();

  // Nothing happened: the connection is still active.
  await page.goto(`/dashboard/connections/${connectionId}`);
  await expect(page.getByRole("heading", { level: 1 }).getByText("Active")).toBeVisible();
  expect(watch.checked()).toBeGreaterThan(3);
  expect(watch.leaks).toEqual([]);
});

test("an admin re-checks, creates a reconnect link that opens the wizard in reconnect mode, and deletes", async ({ page, browser, request }) => {
  const watch = watchForSecrets(page);
  await signIn(page, admin());
  await shot(page, "list");
  await openConnection(page, customer.id);
  await expect(page.getByTestId("fingerprint")).not.toHaveText("—");
  await expect(page.getByText("Version").locator("xpath=following-sibling::dd[1]")).toHaveText("1");

  await page.getByRole("button", { name: "Re-run check now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Check finished: ok." })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Check (dashboard): ok")).toBeVisible();
  await expect(page.getByText("credential.opened").first()).toBeVisible();

  await page.getByLabel("Valid for").selectOption("24");
  await page.getByRole("button", { name: "Create reconnect link" }).click();
  const link = await page.getByTestId("reconnect-url").inputValue();
  expect(link).toMatch(new RegExp(`^${APP_URL}/connect/[A-Za-z0-9_-]{43}$`));
  await expect(page.getByText(/Reconnect link created\. It expires/)).toBeVisible();
  await shot(page, "connection-admin");

  // The link opens the wizard for this connection's provider and replaces its credential:
  // the same connection, version 2, no new connection.
  await linkThroughWizard(browser, request, customer, link);
  await page.reload();
  await expect(page.getByText("Version").locator("xpath=following-sibling::dd[1]")).toHaveText("2");
  await expect(page.getByText("Connect session created (reconnect, hosted link)")).toBeVisible();
  await page.goto(`/dashboard?q=${customer.id}`);
  await expect(page.locator("table.dash-table tbody tr")).toHaveCount(1);
  await page.goto(`/dashboard/connections/${connectionId}`);

  await page.getByRole("button", { name: "Delete connection…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this connection?" });
  await expect(dialog.getByRole("button", { name: "Delete for good" })).toBeDisabled();
  await dialog.getByLabel("Type the connection id to confirm").fill(connectionId);
  await shot(page, "delete-dialog");
  await dialog.getByRole("button", { name: "Delete for good" }).click();
  await expect(page.getByRole("heading", { level: 1 }).getByText("Deleted")).toBeVisible();
  await expect(page.getByText(/Shredded \(crypto-shredding\)/)).toBeVisible();
  await expect(page.getByText("Event connection.deleted")).toBeVisible();

  // The audit log records who did what, and can be filtered.
  await page.goto(`/dashboard/audit?target=${connectionId}`);
  for (const action of ["connection.viewed", "connection.rechecked", "connection.reconnect_link_created", "connection.deleted"])
    await expect(page.locator("td.dash-mono", { hasText: new RegExp(`^${action.replace(".", "\\.")}$`) }).first()).toBeVisible();
  await shot(page, "audit");

  // Client-side navigation fetches RSC payloads: those are checked too.
  for (const name of ["Flow failures", "Audit log", "Workspace settings", "Connections"]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  await page.goto("/dashboard/flow-failures");
  await shot(page, "flow-failures");
  expect(watch.checked()).toBeGreaterThanOrEqual(8);
  expect(watch.leaks).toEqual([]);
});

test("the canary secret is in no dashboard page, RSC payload or action response", async ({ page, browser, request }) => {
  const other = { id: `e2e-canary-${Date.now()}`, name: "Canary AG" };
  await linkThroughWizard(browser, request, other);
  const watch = watchForSecrets(page);
  await signIn(page, admin());
  const id = await openConnection(page, other.id);
  await page.getByRole("button", { name: "Re-run check now" }).click();
  await expect(page.getByText("Check finished: ok.")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Create reconnect link" }).click();
  await expect(page.getByTestId("reconnect-url")).toBeVisible();
  for (const p of ["/dashboard", `/dashboard?q=${other.id}`, `/dashboard/connections/${id}`, "/dashboard/audit", "/dashboard/flow-failures", "/dashboard/settings"]) {
    for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
      const res = await page.request.get(`${APP_URL}${p}`, { headers });
      expect(res.status(), p).toBe(200);
      expect(await res.text(), `${p} ${JSON.stringify(headers)}`).not.toContain(CANARY);
    }
  }
  const recheck = await page.request.post(`${APP_URL}/dashboard/api/connections/${id}/recheck`);
  expect(recheck.status()).toBe(200);
  expect(await recheck.text()).not.toContain(CANARY);
  expect(watch.leaks).toEqual([]);
});

test("axe finds no violations on the list and connection pages", async ({ page }) => {
  await signIn(page, admin());
  const list = await new AxeBuilder({ page }).analyze();
  expect(list.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.goto(`/dashboard/connections/${connectionId}`);
  const detail = await new AxeBuilder({ page }).analyze();
  expect(detail.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.getByRole("heading", { name: "Verlauf" })).toBeVisible();
  const de = await new AxeBuilder({ page }).analyze();
  expect(de.violations).toEqual([]);
  await shot(page, "connection-de");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
});

test("an admin manages workspace settings: branding, an API key shown once and revoked, a webhook endpoint with a test event", async ({ page, request }) => {
  await signIn(page, admin());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspace settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();

  await page.getByLabel("Display name").fill("Acme Payroll EU");
  await page.getByLabel("Accent colour").fill("#0f766e");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.getByLabel("Accent colour").fill("teal");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator(".dash-alert-err")).toContainText("Write the colour as #RRGGBB.");
  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue("Acme Payroll EU");
  await expect(page.getByLabel("Accent colour")).toHaveValue("#0f766e");

  const name = `support-e2e-${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: "connections:read" }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
  const use = await request.get(`${APP_URL}/api/v1/connections`, { headers: { authorization: `Bearer ${key}` } });
  expect(use.status()).toBe(200);
  // Shown once: after a reload only the prefix and the last four characters remain.
  await page.reload();
  const html = await (await page.request.get(`${APP_URL}/dashboard/settings`)).text();
  expect(html).not.toContain(key);
  expect(html).toContain(`${key.slice(0, 7)}…${key.slice(-4)}`);
  await page.getByRole("button", { name: `Revoke: ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
  const refused = await request.get(`${APP_URL}/api/v1/connections`, { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);

  await page.getByLabel("URL", { exact: true }).fill("https://hooks.example.com/latchkey");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Endpoint added. Its signing secret (shown once):")).toBeVisible();
  await page.getByRole("button", { name: "Send test event" }).first().click();
  await expect(page.getByText("Test event queued.")).toBeVisible();
  await shot(page, "settings");
});

test("signing out ends access, also for a copy of the old session cookie", async ({ page, browser }) => {
  await signIn(page, admin());
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/dashboard\/sign-in\?signedOut=1/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\/sign-in/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const again = await replay.newPage();
  await again.goto(`${APP_URL}/dashboard`);
  await expect(again).toHaveURL(/\/dashboard\/sign-in/);
  const res = await again.request.post(`${APP_URL}/dashboard/api/connections/${connectionId}/recheck`);
  expect(res.status()).toBe(401);
  await replay.close();
});
