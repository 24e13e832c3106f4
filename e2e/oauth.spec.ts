// The OAuth route end to end in the demo: the wizard in the demo host page's modal, the consent
// popup on the sandbox's Justworks page, Allow → connected with the account label, in the vendor API
// and the dashboard's data; Deny, a closed popup and a blocked popup each with their own message;
// in English and German.
import type { Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { expect, readDemoKey, test } from "./fixtures";
import { hostEvents, msgs, openOnHost, type Lang } from "./pages/wizard";

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
