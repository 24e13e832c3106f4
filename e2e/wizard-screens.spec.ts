// Every step of every provider, in every language, as an HR admin sees it on a phone (360 px wide):
// full-page screenshots of a directly opened link (artifacts/screenshots/screens/), for a person to
// look at. Each screen is also checked for horizontal overflow and cut-off text (e2e/pages/layout.ts),
// and each step asserts what the admin must be able to rely on there.
import fs from "node:fs";
import type { FrameLocator } from "@playwright/test";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";
import type { ProviderId } from "@/lib/providers/types";
import { expect, test } from "./fixtures";
import { languages } from "@/lib/i18n/languages";
import { expectLayoutHolds } from "./pages/layout";
import { gotoWizard, msgs, Wizard } from "./pages/wizard";

const SHOTS = "artifacts/screenshots/screens";
const shot = async (page: import("@playwright/test").Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await expectLayoutHolds(page, name);
};

for (const lang of languages) {
  test(`every step of every provider (${lang})`, async ({ page, createSession }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 360, height: 780 });
    const picker = await createSession({ language: lang });
    await gotoWizard(page, picker.url);
    await expect(page.locator("#lk-step-heading")).toHaveText(msgs[lang].steps.picker);
    await shot(page, `${lang}-00-picker`);

    for (const provider of ["hrworks", "personio", "peoplehr"] as ProviderId[]) {
      const creds = listSandboxCredentials(provider);
      const ok = creds.find((c) => c.expect.outcome === "ok" && !c.expect.missing?.length)!;
      const missing = creds.find((c) => c.expect.outcome === "missing_scopes")!;
      const scopes = provider === "peoplehr" ? { scopes: ["employees", "absences"], optional_scopes: [] } : { scopes: ok.scopes.required, optional_scopes: ok.scopes.optional };
      for (const [kind, cred] of [
        ["missing", missing],
        ["ok", ok],
      ] as const) {
        const { url } = await createSession({ providers: [provider], language: lang, ...scopes });
        await gotoWizard(page, url);
        const w = new Wizard(page, page as unknown as FrameLocator, lang, "");
        if (kind === "missing") await shot(page, `${lang}-${provider}-1-prerequisites`);
        await page.getByRole("button", { name: msgs[lang].prerequisites.confirm }).click();
        await expect(w.heading()).toHaveText(msgs[lang].steps.guide);
        if (kind === "missing") await shot(page, `${lang}-${provider}-2-guide`);
        await page.getByRole("button", { name: msgs[lang].guide.continue }).click();
        await expect(w.heading()).toHaveText(msgs[lang].steps.form);
        await w.fill(cred.values);
        if (kind === "missing") await shot(page, `${lang}-${provider}-3-form`);
        await page.getByRole("button", { name: msgs[lang].form.submit }).click();
        await expect(w.heading()).not.toHaveText(msgs[lang].steps.check, { timeout: 20_000 });
        await expect(w.heading()).not.toHaveText(msgs[lang].steps.form);
        await expect(page.locator("h1")).toBeInViewport();
        await shot(page, `${lang}-${provider}-4-result-${kind}`);
      }
    }

    const { url } = await createSession({ providers: ["justworks"], language: lang });
    await gotoWizard(page, url);
    await shot(page, `${lang}-justworks-1-prerequisites`);
    await page.getByRole("button", { name: msgs[lang].prerequisites.confirm }).click();
    await shot(page, `${lang}-justworks-2-guide`);
    await page.getByRole("button", { name: msgs[lang].justworks.sent }).click();
    await expect(page.locator("#lk-step-heading")).toHaveText(msgs[lang].justworks.stateTitle);
    await shot(page, `${lang}-justworks-3-state`);
  });
}
