// Issue 16 from the vendor's page: a wizard prepared hidden (prepareConnect) records nothing in its
// session until open() shows it, then exactly one "opened" (the dashboard's timeline shows it); a
// pre-filled session skips the prerequisites the vendor confirmed and shows its values, editable.
import type { Page } from "@playwright/test";
import pg from "pg";
import { APP_URL, HOST_URL } from "../playwright.config";
import { createSession, embeddedDbUrl, expect, readData, test } from "./fixtures";
import { Wizard } from "./pages/wizard";

async function sessionRows(sessionId: string) {
  const c = new pg.Client({ connectionString: embeddedDbUrl() });
  await c.connect();
  try {
    const events = await c.query<{ type: string; step: string | null }>("select type, step from session_events where session_id = $1 order by id", [sessionId]);
    const [s] = (await c.query<{ used_at: Date | null; expires_at: Date }>("select used_at, expires_at from connect_sessions where id = $1", [sessionId])).rows;
    return { events: events.rows.map((e) => `${e.type}:${e.step}`), usedAt: s!.used_at, expiresAt: s!.expires_at.toISOString() };
  } finally {
    await c.end();
  }
}

/** A vendor's page of the host origin with /connect.js, the wizard prepared hidden. */
async function prepareOnHost(page: Page, token: string) {
  await page.goto(`${HOST_URL}/api/health`);
  await page.addScriptTag({ url: `${APP_URL}/connect.js` });
  await page.waitForFunction(() => !!(window as unknown as { Latchkey?: unknown }).Latchkey);
  await page.evaluate((t) => {
    const w = window as unknown as { __events: unknown[]; __modal: unknown; Latchkey: { prepareConnect: (o: unknown) => unknown } };
    w.__events = [];
    w.__modal = w.Latchkey.prepareConnect({ token: t, onEvent: (m: unknown) => w.__events.push(m) });
  }, token);
  await expect(page.locator("[data-latchkey-modal] iframe")).toHaveAttribute("src", /\?prepared=1$/);
  // Hydrated in the background: `ready` reached the page while the modal stays hidden.
  await page.waitForFunction(() => (window as unknown as { __modal: { ready: boolean } }).__modal.ready);
  await expect(page.locator("[data-latchkey-modal]")).toBeHidden();
}
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { __events: Array<{ type: string; step?: string }> }).__events);

test("a prepared wizard records nothing until open() shows it, then one 'opened' in the dashboard's timeline", async ({ page, browser }) => {
  // A connection, linked through a hosted link (which counts as opened as it loads).
  const endUser = { id: `e2e-prepare-${Date.now()}`, name: "Prepare GmbH" };
  const first = await createSession({ end_user: endUser, providers: ["peoplehr"] });
  const linker = await browser.newPage();
  const w = await Wizard.direct(linker, first.url, "en");
  await linker.getByRole("button", { name: "I have this, continue" }).click();
  await linker.getByRole("button", { name: "I have the credentials" }).click();
  await w.submit({ apiKey: "PHRSANDBOX-ALL" });
  await expect(linker.getByRole("heading", { name: /is connected$/ })).toBeVisible({ timeout: 30_000 });
  await linker.close();
  const res = await fetch(`${APP_URL}/api/v1/connections?end_user_id=${endUser.id}`, { headers: { authorization: `Bearer ${readData("demo-api-key")}` } });
  const connectionId = ((await res.json()) as { data: Array<{ id: string }> }).data[0]!.id;

  // A reconnect session for it, prepared on the vendor's page: nothing recorded, nothing used.
  const reconnect = (await createSession({ end_user: endUser, connection_id: connectionId })) as unknown as { id: string; token: string; expires_at: string };
  await prepareOnHost(page, reconnect.token);
  await page.waitForTimeout(1500);
  expect(await sessionRows(reconnect.id)).toEqual({ events: [], usedAt: null, expiresAt: new Date(reconnect.expires_at).toISOString() });
  expect((await hostEvents(page)).filter((e) => e.type === "step")).toEqual([]);

  // Shown: one "opened", then the first step, and the host hears the step now.
  await page.evaluate(() => (window as unknown as { __modal: { open: () => void } }).__modal.open());
  const frame = page.frameLocator("[data-latchkey-modal] iframe");
  await expect(frame.getByRole("button", { name: "I have this, continue" })).toBeVisible();
  await expect.poll(async () => (await sessionRows(reconnect.id)).events).toEqual(["opened:opened", "step:prerequisites"]);
  expect((await sessionRows(reconnect.id)).usedAt).toBeNull();
  await expect.poll(async () => (await hostEvents(page)).filter((e) => e.type === "step").map((e) => e.step)).toEqual(["prerequisites"]);

  // The dashboard's timeline of the connection: the hosted link's opening and this one, no more.
  await page.goto(`${APP_URL}/dashboard`);
  await expect(page).toHaveURL(/\/dashboard\/sign-in/);
  await page.getByLabel("E-mail").fill("admin@demo.latchkey.dev");
  await page.getByLabel("Password").fill(readData("demo-admin-password"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  await page.goto(`${APP_URL}/dashboard/connections/${connectionId}`);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  // Each entry is a list item: its time, then the line.
  await expect(page.getByRole("listitem").filter({ hasText: /Wizard: opened$/ })).toHaveCount(2);
});

test("a pre-filled session skips the confirmed prerequisites and shows its values, which the admin can change", async ({ page }) => {
  const { token } = await createSession({
    providers: ["personio"],
    prefill: { personio: { fields: { subdomain: "mueller.app.personio.com", clientId: "papi-prefilled" }, confirmed: ["plan", "rights"] } },
  });
  const w = await Wizard.onHost(page, token, "en");
  const frame = w.frame;
  // The guide first: the prerequisites step is skipped, the address filled in (and its deep link).
  await expect(frame.getByRole("heading", { level: 2, name: "Create the API access" })).toBeVisible();
  await expect(frame.getByRole("button", { name: "I have this, continue" })).toHaveCount(0);
  const address = frame.getByRole("textbox", { name: /Personio address/ });
  await expect(address).toHaveValue("mueller.app.personio.com");
  await expect(frame.getByRole("link", { name: /Open this page in Personio/ }).first()).toHaveAttribute("href", /^https:\/\/mueller\.app\.personio\.com\//);
  await address.fill("mueller-gmbh.app.personio.com");
  await frame.getByRole("button", { name: "I have the credentials" }).click();
  // The form: the client ID pre-filled and said so, editable; the secret empty.
  const clientId = frame.getByRole("textbox", { name: "Client ID" });
  await expect(clientId).toHaveValue("papi-prefilled");
  await expect(frame.getByText("Filled in by").first()).toBeVisible();
  await clientId.fill("papi-corrected");
  await expect(clientId).toHaveValue("papi-corrected");
  await expect(frame.getByRole("textbox", { name: /Personio address/ })).toHaveValue("mueller-gmbh.app.personio.com");
  await expect(frame.getByRole("textbox", { name: "Client secret" })).toHaveValue("");
  expect((await hostEvents(page)).filter((e) => e.type === "step").map((e) => e.step)).toEqual(["guide", "form"]);
});
