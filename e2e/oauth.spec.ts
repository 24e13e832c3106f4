// The OAuth route end to end in the demo: the wizard in the demo host page's modal, the consent
// popup on the sandbox's Justworks page, Allow → connected with the account label, in the vendor API
// and the dashboard's data; Deny, a closed popup and a blocked popup each with their own message;
// in English and German. A hosted link's full-page consent, the dashboard's re-check and a reconnect.
import type { Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { expect, readDemoKey, test } from "./fixtures";
import { admin, recordBodies, signIn } from "./pages/dashboard";
import { gotoWizard, hostEvents, msgs, openOnHost, type Lang } from "./pages/wizard";

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? "");

async function toOAuthStep(page: Page, token: string, lang: Lang) {
  const frame = await openOnHost(page, token);
  const o = msgs[lang].oauth;
  await frame.getByRole("button", { name: fill(o.altOAuth, { provider: "Justworks" }) }).click();
  await expect(frame.getByTestId("oauth-scopes")).toContainText("member.basic:read");
  return { frame, o };
}

for (const lang of ["en", "de"] as const) {
  test(`justworks OAuth (${lang}): popup, Allow, connected with the company's name`, async ({ page, createSession }) => {
    const { token } = await createSession({ providers: ["justworks"], language: lang });
    const { frame, o } = await toOAuthStep(page, token, lang);
    const popupP = page.waitForEvent("popup");
    await frame.getByRole("button", { name: fill(o.open, { provider: "Justworks" }) }).click();
    const popup = await popupP;
    await expect(popup.getByRole("button", { name: "Allow" })).toBeVisible();
    await popup.getByRole("button", { name: "Allow" }).click();
    await popup.waitForEvent("close");
    await expect(frame.getByTestId("oauth-account")).toContainText("Acme Sandbox Co");
    await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")).toBeTruthy();
    const success = (await hostEvents(page)).find((e) => e.type === "success")!;
    const res = await fetch(`${APP_URL}/api/v1/connections/${success.connectionId}`, { headers: { authorization: `Bearer ${readDemoKey()}` } });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ provider: "justworks", status: "active" });
    expect(JSON.stringify(body)).toContain("Acme Sandbox Co");
    expect(JSON.stringify(await hostEvents(page))).not.toMatch(/jwat_|jwrt_/);
  });

  test(`justworks OAuth (${lang}): Deny, then a closed popup, each with its own message`, async ({ page, createSession }) => {
    const { token } = await createSession({ providers: ["justworks"], language: lang });
    const { frame, o } = await toOAuthStep(page, token, lang);
    let popupP = page.waitForEvent("popup");
    await frame.getByRole("button", { name: fill(o.open, { provider: "Justworks" }) }).click();
    let popup = await popupP;
    await popup.getByRole("button", { name: "Deny" }).click();
    await expect(frame.locator("[data-code='denied']")).toHaveText(fill(o.errors.denied, { provider: "Justworks" }));

    popupP = page.waitForEvent("popup");
    await frame.getByRole("button", { name: o.retry }).click();
    popup = await popupP;
    await expect(popup.getByRole("button", { name: "Allow" })).toBeVisible();
    await popup.close();
    await expect(frame.locator("[data-code='popup_closed']")).toHaveText(fill(o.errors.popup_closed, { provider: "Justworks" }));
  });

  test(`justworks OAuth (${lang}): a blocked popup offers a new click and a new tab`, async ({ page, createSession }) => {
    const { token } = await createSession({ providers: ["justworks"], language: lang });
    const { frame, o } = await toOAuthStep(page, token, lang);
    // The browser refuses every window.open in the wizard's frame.
    await frame.locator("body").evaluate(() => {
      window.open = () => null;
    });
    await frame.getByRole("button", { name: fill(o.open, { provider: "Justworks" }) }).click();
    await expect(frame.getByText(fill(o.errors.popup_blocked, { provider: "Justworks" }))).toBeVisible();
    const link = frame.getByRole("link", { name: fill(o.newTab, { provider: "Justworks" }) });
    await expect(link).toHaveAttribute("href", /\/sandbox\/justworks\/oauth\/authorize\?/);
    await expect(link).toHaveAttribute("target", "_blank");
  });
}

/**
 * A hosted link (sent by e-mail, opened as a full page): the consent is a full-page redirect and the
 * callback is the result page. Then support's side: the dashboard shows the company, re-checks the
 * OAuth connection, and a reconnect link goes through consent again onto the same connection;
 * no access or refresh token appears in any dashboard response.
 */
test("justworks OAuth via a hosted link (en): full-page consent, the result page, then the dashboard's re-check and reconnect", async ({ page, browser, createSession }) => {
  const endUser = { id: `e2e-oauth-hosted-${Date.now()}`, name: "Acme GmbH" };
  const o = msgs.en.oauth;
  async function consentFullPage(url: string, p: Page) {
    await gotoWizard(p, url);
    await p.getByRole("button", { name: fill(o.altOAuth, { provider: "Justworks" }) }).click();
    await expect(p.getByText(fill(o.redirectNote, { provider: "Justworks" }))).toBeVisible();
    await p.getByRole("button", { name: fill(o.open, { provider: "Justworks" }) }).click();
    await expect(p).toHaveURL(/\/sandbox\/justworks\/oauth\/authorize\?/);
    await p.getByRole("button", { name: "Allow" }).click();
    await expect(p).toHaveURL(/\/oauth\/callback\?/);
    await expect(p.locator("body")).toContainText("Acme Sandbox Co");
    expect(await p.content()).not.toMatch(/jwat_|jwrt_/);
  }
  const { url } = await createSession({ providers: ["justworks"], language: "en", link: "hosted", end_user: endUser });
  await consentFullPage(url, page);

  const list = await fetch(`${APP_URL}/api/v1/connections?end_user_id=${endUser.id}`, { headers: { authorization: `Bearer ${readDemoKey()}` } });
  const [conn] = ((await list.json()) as { data: Array<{ id: string; status: string }> }).data;
  expect(conn).toMatchObject({ status: "active" });

  const staff = await browser.newPage();
  const bodies = await recordBodies(staff);
  await signIn(staff, admin());
  await staff.goto(`/dashboard/connections/${conn!.id}`);
  await expect(staff.getByText("Acme Sandbox Co").first()).toBeVisible();
  await staff.getByRole("button", { name: "Re-run check now" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Check finished: ok." })).toBeVisible({ timeout: 30_000 });
  await staff.getByLabel("Valid for").selectOption("24");
  await staff.getByRole("button", { name: "Create reconnect link" }).click();
  const link = await staff.getByTestId("reconnect-url").inputValue();

  // The reconnect link: consent again, onto the same connection (no second one).
  const customer = await browser.newPage();
  await consentFullPage(link, customer);
  const after = await fetch(`${APP_URL}/api/v1/connections?end_user_id=${endUser.id}`, { headers: { authorization: `Bearer ${readDemoKey()}` } });
  expect(((await after.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([conn!.id]);
  await staff.reload();
  await expect(staff.getByText("Version").locator("xpath=following-sibling::dd[1]")).toHaveText("2");

  expect(bodies.length).toBeGreaterThan(3);
  expect(bodies.filter((b) => /jwat_|jwrt_/.test(b.body)).map((b) => b.what)).toEqual([]);
});
