// The support dashboard against the built app: roles enforced on the server, the admin actions,
// a canary secret that never reaches the dashboard's HTML, RSC payloads or action responses,
// sign-out, webhook endpoints (edit, rotate, disable/enable, delete), staff management (a new
// viewer, disabling them, the last admin), and axe on the list, connection, settings and staff pages.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { APP_URL } from "../playwright.config";
import { createSession, DATA, embeddedDbUrl, expect, test } from "./fixtures";
import { admin, chooseLanguage, recordBodies, signIn, viewer } from "./pages/dashboard";
import { languages } from "@/lib/i18n/languages";
import { expectLayoutHolds } from "./pages/layout";
import { Wizard } from "./pages/wizard";

const SHOTS = "artifacts/screenshots/dashboard";
// The HR WORKS sandbox's Secret Access Key: the secret the customer pastes into the wizard.
const CANARY = "hrworks-sandbox-secret";

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const containing = (seen: Array<{ what: string; body: string }>, secret: string) => seen.filter((s) => s.body.includes(secret)).map((s) => s.what);
/**
 * Every dashboard response body (documents, RSC payloads, server-action results) is checked for the
 * canary. Bodies are taken by intercepting the requests (recordBodies in e2e/pages/dashboard.ts): the "response" event
 * loses some bodies in Chromium, which would let a leak go unseen.
 */
async function watchForSecrets(page: Page): Promise<{ leaks: string[]; checked: () => number }> {
  const bodies = await recordBodies(page);
  return {
    get leaks() {
      return containing(bodies, CANARY);
    },
    checked: () => bodies.length,
  };
}

/** A customer links HR WORKS through the wizard with the canary secret. */
async function linkThroughWizard(browser: Browser, endUser: { id: string; name: string }, url?: string) {
  url ??= (await createSession({ end_user: { ...endUser, email: `${endUser.id}@customer.example` }, providers: ["hrworks"] })).url;
  const page = await browser.newPage();
  const w = await Wizard.direct(page, url, "en");
  await page.getByRole("button", { name: "I have this, continue" }).click();
  await page.getByRole("button", { name: "I have the credentials" }).click();
  await w.submit({ accessKey: "HWSANDBOX-ALL", secretAccessKey: CANARY });
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
// The connection page and the delivery log keep asking the server (live views, issue 17): a poll
// still in recordBodies' handler when a test ends is dropped, not reported as the test's error.
test.afterEach(async ({ page }) => {
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

const customer = { id: `e2e-dash-${Date.now()}`, name: "Müller GmbH" };
let connectionId = "";

test.beforeAll(async ({ browser }) => {
  await linkThroughWizard(browser, customer);
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

test("case 36: a viewer sees everything but cannot act, and a direct request to an admin action is refused with 403", async ({ page }) => {
  const watch = await watchForSecrets(page);
  await signIn(page, viewer());
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspace settings" })).toHaveCount(0);
  connectionId = await openConnection(page, customer.id);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Müller GmbH");
  await expect(page.getByText("You have the viewer role: re-checks and reconnect links need the support or admin role.")).toBeVisible();
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

test("an admin re-checks, creates a reconnect link that opens the wizard in reconnect mode, and deletes", async ({ page, browser }) => {
  const watch = await watchForSecrets(page);
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
  await linkThroughWizard(browser, customer, link);
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

test("case 16: the canary secret is in no dashboard page, RSC payload or action response", async ({ page, browser }) => {
  const other = { id: `e2e-canary-${Date.now()}`, name: "Canary AG" };
  await linkThroughWizard(browser, other);
  const watch = await watchForSecrets(page);
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
  await chooseLanguage(page, "de");
  await expect(page.getByRole("heading", { name: "Verlauf" })).toBeVisible();
  const de = await new AxeBuilder({ page }).analyze();
  expect(de.violations).toEqual([]);
  await shot(page, "connection-de");
  await chooseLanguage(page, "en");
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

  // Each provider's own settings (Justworks' service user), refused with the provider's own text.
  const domain = page.getByLabel("Service user: e-mail domain");
  const before = await domain.inputValue();
  await domain.fill("not a domain");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator(".dash-alert-err")).toContainText("Write the e-mail domain as a domain name, such as sync.example.com.");
  await domain.fill("Sync.Acme.Example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(domain).toHaveValue("sync.acme.example");
  await domain.fill(before);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

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

const serverLog = () => fs.readFileSync(path.join(DATA, "server.log"), "utf8");
const axeViolations = async (page: Page) => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);

/**
 * Arrange what the delivery worker does after a day of failed deliveries (lib/handoff/webhooks/
 * deliver.ts, tested in webhooks.int.test.ts): the endpoint disabled as "failing". Written straight
 * into the app's embedded database, whose port and password the running app keeps in its data directory.
 */
async function markAutoDisabled(endpointId: string, failures: number) {
  const c = new pg.Client({ connectionString: embeddedDbUrl() });
  await c.connect();
  try {
    const r = await c.query(
      "update webhook_endpoints set enabled = false, disabled_reason = 'failing', disabled_at = now() - interval '3 hours', consecutive_failures = $2 where id = $1",
      [endpointId, failures],
    );
    expect(r.rowCount).toBe(1);
  } finally {
    await c.end();
  }
}

test("an admin edits a webhook endpoint, rotates its secret (shown once, gone after reload), disables, re-enables and deletes it", async ({ page, request, demoKey }) => {
  const bodies = await recordBodies(page);
  await signIn(page, admin());
  await page.goto("/dashboard/settings");
  const url = `https://hooks.example.com/e2e-${Date.now()}`;
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const card = page.getByRole("article", { name: url });
  const created = (await card.getByTestId("new-signing-secret").textContent())!.trim();
  expect(created).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expect(card.getByText("Events: All events")).toBeVisible();

  const list = await request.get(`${APP_URL}/api/v1/webhook-endpoints`, { headers: { authorization: `Bearer ${demoKey}` } });
  const endpointId = ((await list.json()) as { data: Array<{ id: string; url: string }> }).data.find((e) => e.url === url)!.id;

  // Edit: a new URL and one event type.
  const moved = `${url}/v2`;
  await card.getByRole("button", { name: "Edit" }).click();
  const form = card.getByRole("form", { name: `Edit ${url}` });
  // Refused whatever WEBHOOKS_ALLOW_PRIVATE says: credentials do not belong in a URL.
  await form.getByLabel("URL").fill("https://sync:hunter2@hooks.example.com/hook");
  await form.getByText(/^Events:/).click();
  await form.getByRole("checkbox", { name: "connection.created" }).check();
  await form.getByRole("button", { name: "Save endpoint" }).click();
  await expect(card.getByRole("alert")).toHaveText("A webhook URL must not contain a user name or password.");
  await form.getByLabel("URL").fill(moved);
  await form.getByRole("button", { name: "Save endpoint" }).click();
  const movedCard = page.getByRole("article", { name: moved });
  await expect(movedCard.locator(".dash-alert-ok")).toHaveText("Endpoint saved.");
  await expect(movedCard.getByText("Events: connection.created")).toBeVisible();

  // Rotate with a 24-hour overlap: the new secret is shown once, with the end of the overlap.
  await movedCard.getByRole("button", { name: "Rotate secret…" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate the signing secret?" });
  await expect(rotate.getByLabel("Old secret keeps verifying for")).toHaveValue("24");
  await shot(page, "webhook-rotate-dialog");
  await rotate.getByRole("button", { name: "Rotate secret" }).click();
  await expect(rotate).toBeHidden();
  const rotated = (await movedCard.getByTestId("rotated-signing-secret").textContent())!.trim();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(created);
  // The creation secret is now the previous one: no longer on the page as if it were current.
  await expect(movedCard.getByTestId("new-signing-secret")).toHaveCount(0);
  await expect(movedCard.getByText(/^The previous secret still verifies until .+ UTC\.$/)).toBeVisible();
  await expect(movedCard.getByText(/^Previous secret still verifies until .+ UTC$/)).toBeVisible();
  await shot(page, "webhook-rotated");

  // Gone after a reload: only the secret's dates remain.
  await page.reload();
  await expect(page.getByTestId("rotated-signing-secret")).toHaveCount(0);
  await expect(movedCard.getByText(/^Previous secret still verifies until/)).toBeVisible();
  for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
    const html = await (await page.request.get(`${APP_URL}/dashboard/settings`, { headers })).text();
    expect(html).not.toContain(rotated);
    expect(html).not.toContain(created);
  }

  // Disable, then the worker's automatic disabling, and enabling again.
  await movedCard.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(movedCard.locator(".dash-alert-ok")).toHaveText("Endpoint disabled: nothing is delivered to it until it is enabled again.");
  await expect(movedCard.getByTestId("endpoint-disabled-note")).toHaveText(/^Disabled by an admin on .+ UTC\.$/);
  await expect(movedCard.getByRole("button", { name: "Send test event" })).toBeDisabled();
  await markAutoDisabled(endpointId, 13);
  await page.reload();
  await expect(movedCard.getByTestId("endpoint-disabled-note")).toContainText(/Disabled automatically on .+ UTC after 13 failed deliveries in a row\./);
  await expect(movedCard.getByTestId("endpoint-disabled-note")).toContainText("Events from while it was disabled are not re-sent");
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, "webhook-auto-disabled");
  await movedCard.getByRole("button", { name: "Enable again" }).click();
  await expect(movedCard.locator(".dash-alert-ok")).toContainText("Endpoint enabled.");
  await expect(movedCard.getByTestId("endpoint-disabled-note")).toHaveCount(0);
  await expect(movedCard.getByText("enabled", { exact: true })).toBeVisible();
  await expect(movedCard.getByRole("button", { name: "Send test event" })).toBeEnabled();

  // Delete, after a confirmation that can be cancelled.
  await movedCard.getByRole("button", { name: "Delete…" }).click();
  const del = page.getByRole("dialog", { name: "Delete this webhook endpoint?" });
  await expect(del).toContainText(moved);
  await del.getByRole("button", { name: "Cancel" }).click();
  await expect(movedCard).toBeVisible();
  await movedCard.getByRole("button", { name: "Delete…" }).click();
  await del.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Endpoint deleted." })).toBeVisible();
  await expect(page.getByRole("article", { name: moved })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("article", { name: moved })).toHaveCount(0);

  // Audited, by whom.
  await page.goto(`/dashboard/audit?target=${endpointId}`);
  for (const action of ["webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.secret_rotated", "webhook_endpoint.deleted"])
    await expect(page.locator("td.dash-mono", { hasText: new RegExp(`^${action.replace(".", "\\.")}$`) }).first()).toBeVisible();
  await expect(page.getByText("admin@demo.latchkey.dev").first()).toBeVisible();

  // Each secret was in exactly one response (the action that made it), and never in the server's log.
  expect(bodies.filter((b) => b.what.startsWith("POST ")).length).toBeGreaterThanOrEqual(7); // every action was seen
  expect(containing(bodies, created)).toEqual([expect.stringMatching(/^POST .*\/dashboard\/settings/)]);
  expect(containing(bodies, rotated)).toEqual([expect.stringMatching(/^POST .*\/dashboard\/settings/)]);
  expect(serverLog()).not.toContain(created);
  expect(serverLog()).not.toContain(rotated);
});

test("an admin adds a viewer who signs in with the shown password; a password reset and then disabling the viewer each end that session at once", async ({ page, browser }) => {
  const bodies = await recordBodies(page);
  await signIn(page, admin());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support staff" })).toBeVisible();
  const email = `e2e-viewer-${Date.now()}@support.example`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Name (optional)").fill("Vera Viewer");
  await expect(page.getByLabel("Role")).toHaveValue("viewer");
  await expect(page.getByRole("radio", { name: "Generated password, shown once" })).toBeChecked();
  await page.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.getByText(`${email} can now sign in. Their password (shown once; pass it on through a safe channel):`)).toBeVisible();
  const password = (await page.getByTestId("staff-password").textContent())!.trim();
  expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await expect(row.getByText("Viewer", { exact: true })).toBeVisible();
  await expect(row.getByText("never")).toBeVisible();
  await shot(page, "staff");

  // The viewer signs in elsewhere with that password and sees the dashboard, not the staff page.
  const viewerContext = await browser.newContext({ baseURL: APP_URL });
  const vp = await viewerContext.newPage();
  await signIn(vp, { email, password });
  await expect(vp.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" })).toHaveCount(0);
  await vp.goto("/dashboard/staff");
  await expect(vp).toHaveURL(/\/dashboard\/forbidden/);
  await vp.goto("/dashboard/audit");
  await expect(vp.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  // Gone after a reload on the admin's side; the last sign-in is now known.
  await page.reload();
  await expect(page.getByTestId("staff-password")).toHaveCount(0);
  await expect(row.getByText("never")).toHaveCount(0);

  // A password reset: a new one shown once, the viewer's session ends, only the new one works.
  await row.getByRole("button", { name: "Reset password…" }).click();
  await page.getByRole("dialog", { name: `Reset the password of ${email}?` }).getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(`New password for ${email} (shown once; pass it on through a safe channel):`)).toBeVisible();
  const second = (await page.getByTestId("staff-password").textContent())!.trim();
  expect(second).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  expect(second).not.toBe(password);
  await vp.goto("/dashboard/audit");
  await expect(vp).toHaveURL(/\/dashboard\/sign-in/);
  await vp.getByLabel("E-mail").fill(email);
  await vp.getByLabel("Password").fill(password);
  await vp.getByRole("button", { name: "Sign in" }).click();
  await expect(vp.locator("#signin-error")).toHaveText("The e-mail address or password is not correct.");
  await signIn(vp, { email, password: second });

  // Disabled: the viewer's very next request is signed out, and the password no longer works.
  await row.getByRole("button", { name: "Disable…" }).click();
  const dialog = page.getByRole("dialog", { name: `Disable ${email}?` });
  await dialog.getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${email} is disabled and signed out everywhere.` })).toBeVisible();
  await expect(row.getByText(/^Disabled since .+ UTC$/)).toBeVisible();
  await vp.goto("/dashboard/audit");
  await expect(vp).toHaveURL(/\/dashboard\/sign-in/);
  const refused = await vp.request.post(`${APP_URL}/dashboard/api/connections/${connectionId || "conn_x"}/recheck`);
  expect(refused.status()).toBe(401);
  await vp.getByLabel("E-mail").fill(email);
  await vp.getByLabel("Password").fill(second);
  await vp.getByRole("button", { name: "Sign in" }).click();
  await expect(vp.locator("#signin-error")).toHaveText("The e-mail address or password is not correct.");
  await viewerContext.close();

  await page.goto("/dashboard/audit?action=staff.");
  for (const action of ["staff.created", "staff.password_reset", "staff.disabled"]) await expect(page.locator("td.dash-mono", { hasText: new RegExp(`^${action.replace(".", "\\.")}$`) }).first()).toBeVisible();

  expect(bodies.filter((b) => b.what.startsWith("POST ")).length).toBeGreaterThanOrEqual(4); // sign-in, add, reset, disable
  for (const secret of [password, second]) {
    expect(containing(bodies, secret)).toEqual([expect.stringMatching(/^POST .*\/dashboard\/staff/)]);
    expect(serverLog()).not.toContain(secret);
  }
});

test("a viewer cannot reach the staff page", async ({ page }) => {
  await signIn(page, viewer());
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" })).toHaveCount(0);
  await page.goto("/dashboard/staff");
  await expect(page).toHaveURL(/\/dashboard\/forbidden/);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  // Followed the way a script would: it ends on the forbidden page, with nobody's account listed.
  const res = await page.request.get(`${APP_URL}/dashboard/staff`);
  expect(res.url()).toMatch(/\/dashboard\/forbidden$/);
  expect(await res.text()).not.toContain("admin@demo.latchkey.dev");
});

test("the dashboard in every language: the picker, dates in the reader's format, nothing cut off", async ({ page }) => {
  await signIn(page, admin());
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const lang of languages) {
    const t = JSON.parse(fs.readFileSync(`messages/${lang}.json`, "utf8")).dashboard;
    await page.goto("/dashboard");
    await chooseLanguage(page, lang);
    await expect(page.getByRole("heading", { level: 1, name: t.list.title })).toBeVisible();
    // Dates as the reader writes them: the connection's creation date (e.g. 3 déc. 2026, 03.12.2026).
    const created = new Intl.DateTimeFormat({ en: "en-GB", de: "de-DE", fr: "fr-FR", es: "es-ES", it: "it-IT", nl: "nl-NL" }[lang], { dateStyle: "medium", timeZone: "UTC" }).format(new Date());
    await expect(page.locator("table.dash-table")).toContainText(created);
    await shot(page, `list-${lang}`);
    await expectLayoutHolds(page, `dashboard list (${lang})`);
  }
  await chooseLanguage(page, "en");
});

test("the last admin cannot demote or disable themselves, in English and German; axe passes on the staff page", async ({ page }) => {
  await signIn(page, admin());
  await page.goto("/dashboard/staff");
  await expect(page.getByText("You are the only active admin")).toBeVisible();
  const me = page.getByRole("row", { name: /admin@demo\.latchkey\.dev/ });
  // The dashboard's own alert line (Next.js keeps an empty route announcer with role="alert" too).
  const problem = page.locator(".dash-alert[role='alert']");
  await expect(me.getByText("you", { exact: true })).toBeVisible();
  await expect(me.getByRole("button", { name: "Reset password…" })).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  await me.getByRole("button", { name: "Make viewer" }).click();
  await expect(problem).toHaveText("This would leave no active admin. Make someone else an admin first.");
  await me.getByRole("button", { name: "Disable…" }).click();
  await page.getByRole("dialog", { name: "Disable admin@demo.latchkey.dev?" }).getByRole("button", { name: "Disable account" }).click();
  await expect(problem).toHaveText("This would leave no active admin. Make someone else an admin first.");
  await shot(page, "staff-last-admin");

  await page.reload();
  await expect(me.getByText("Admin", { exact: true })).toBeVisible();
  await expect(me.getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" })).toBeVisible();

  await chooseLanguage(page, "de");
  await expect(page.getByRole("heading", { level: 1, name: "Support-Team" })).toBeVisible();
  await me.getByRole("button", { name: "Auf „Lesend“ setzen" }).click();
  await expect(problem).toHaveText("Dann gäbe es keinen aktiven Admin mehr. Machen Sie zuerst jemand anderen zum Admin.");
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, "staff-de");
  await page.goto("/dashboard/settings");
  expect(await axeViolations(page)).toEqual([]);
  await chooseLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
});

test("an admin edits a staff account's role and workspaces in the access dialog; the account then sees only those; the last admin of every workspace cannot narrow themselves", async ({ page, browser }) => {
  // A second workspace beside the demo's.
  const otherName = `E2E Other ${Date.now()}`;
  const otherId = `ws_e2e${Date.now()}`;
  const c = new pg.Client({ connectionString: embeddedDbUrl() });
  await c.connect();
  try {
    await c.query("insert into workspaces (id, slug, name) values ($1, $2, $3)", [otherId, otherId.replace("_", "-"), otherName]);
  } finally {
    await c.end();
  }

  await signIn(page, admin());
  await page.goto("/dashboard/staff");
  const email = `e2e-scoped-${Date.now()}@support.example`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Add staff member" }).click();
  const password = (await page.getByTestId("staff-password").textContent())!.trim();
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await expect(row.getByTestId("staff-scope")).toHaveText("All workspaces");

  // Edit access: support, only the other workspace.
  await row.getByRole("button", { name: "Edit access…" }).click();
  const dialog = page.getByRole("dialog", { name: `Access of ${email}` });
  await dialog.getByLabel("Role").selectOption("support");
  await dialog.getByRole("radio", { name: "Only these workspaces" }).check();
  await dialog.getByRole("checkbox", { name: otherName }).check();
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, "staff-access");
  await dialog.getByRole("button", { name: "Save access" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${email}: Support, ${otherName}.` })).toBeVisible();
  await page.reload();
  await expect(row.getByTestId("staff-scope")).toHaveText(otherName);
  await expect(row.getByText("Support", { exact: true })).toBeVisible();

  // The account sees the other workspace only: the demo workspace's connection is not there for it.
  const ctx = await browser.newContext({ baseURL: APP_URL });
  const sp = await ctx.newPage();
  await signIn(sp, { email, password });
  if (connectionId) {
    const res = await sp.goto(`/dashboard/connections/${connectionId}`);
    expect(res?.status()).toBe(404);
  }
  await ctx.close();

  // The only admin of every workspace cannot narrow their own access.
  const me = page.getByRole("row", { name: /admin@demo\.latchkey\.dev/ });
  await me.getByRole("button", { name: "Edit access…" }).click();
  const mine = page.getByRole("dialog", { name: "Access of admin@demo.latchkey.dev" });
  await mine.getByRole("radio", { name: "Only these workspaces" }).check();
  await mine.getByRole("checkbox", { name: otherName }).check();
  await mine.getByRole("button", { name: "Save access" }).click();
  await expect(page.locator(".dash-alert[role='alert']")).toHaveText("This would leave no active admin. Make someone else an admin first.");
  await page.reload();
  await expect(me.getByTestId("staff-scope")).toHaveText("All workspaces");

  await page.goto("/dashboard/audit?action=staff.");
  await expect(page.locator("td.dash-mono", { hasText: /^staff\.scope_changed$/ }).first()).toBeVisible();
});

test("an admin records a Justworks service user's progress with the actions its flow offers; the old …/justworks URL still answers", async ({ browser, page }) => {
  const endUser = { id: `e2e-dash-jw-${Date.now()}`, name: "Jobs & Co" };
  const { url } = await createSession({ end_user: endUser, providers: ["justworks"] });
  const customerPage = await browser.newPage();
  await Wizard.direct(customerPage, url, "en");
  await customerPage.getByRole("button", { name: "I have this, continue" }).click();
  await customerPage.getByRole("button", { name: "I have sent the invitation" }).click();
  await expect(customerPage.locator("#lk-step-heading")).toHaveText("Connection status");
  await customerPage.close();

  await signIn(page, admin());
  const id = await openConnection(page, endUser.id);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Justworks service user" }) });
  await expect(section.getByTestId("service-user-state")).toHaveText("awaiting_invitation");
  await expect(section.getByRole("group", { name: "Permissions verified" })).toHaveCount(0);
  await section.getByRole("button", { name: "The customer accepted the invitation" }).click();
  await expect(page.getByText("Justworks state saved.")).toBeVisible();
  await page.reload();
  await expect(section.getByTestId("service-user-state")).toHaveText("invitation_accepted");
  await expect(section.getByRole("button", { name: "The customer accepted the invitation" })).toHaveCount(0);
  const checklist = section.getByRole("group", { name: "Permissions verified" });
  for (const name of ["Edit Company Settings", "Manage Employees", "View all employee information", "View basic employee information", "Upload and View all Documents", "View Invoices and Reporting"])
    await checklist.getByRole("checkbox", { name }).check();
  expect(await axeViolations(page)).toEqual([]);
  await section.getByRole("button", { name: "Save Justworks state" }).click();
  await expect(page.getByText("Justworks state saved.")).toBeVisible();
  await page.reload();
  await expect(section.getByTestId("service-user-state")).toHaveText("verified");
  await expect(page.getByRole("heading", { level: 1 }).getByText("Active")).toBeVisible();
  await expect(checklist.getByRole("checkbox", { name: "Manage Employees" })).toBeChecked();

  // Scripts: the provider-neutral action and the URL from before the provider seam.
  const old = await page.request.post(`${APP_URL}/dashboard/api/connections/${id}/justworks`, { data: { action: "verify", granted: ["manage_employees"] } });
  expect(old.status(), await old.text()).toBe(200);
  expect(await old.json()).toMatchObject({ state: "permissions_missing", status: "needs_attention" });
  const neutral = await page.request.post(`${APP_URL}/dashboard/api/connections/${id}/service-user`, { data: { action: "accept" } });
  expect(neutral.status()).toBe(409);
  const unknown = await page.request.post(`${APP_URL}/dashboard/api/connections/${id}/personio`, { data: { action: "accept" } });
  expect(unknown.status()).toBe(404);
});
