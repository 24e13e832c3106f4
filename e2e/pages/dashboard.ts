// The dashboard as the e2e specs use it: signing in as a demo staff account, its language picker,
// and every dashboard response body recorded to look for a secret in it.
import { expect, type Page } from "@playwright/test";
import type { Lang } from "@/lib/i18n/languages";
import { APP_URL } from "../../playwright.config";
import { readData } from "../fixtures";

export const admin = () => ({ email: "admin@demo.latchkey.dev", password: readData("demo-admin-password") });
export const viewer = () => ({ email: "viewer@demo.latchkey.dev", password: readData("demo-viewer-password") });

/** The header's language picker: the page reloads in that language (the language cookie). */
export async function chooseLanguage(page: Page, lang: Lang) {
  await page.locator("select[name='lang']").selectOption(lang);
  await expect(page.locator(".dash")).toHaveAttribute("lang", lang);
  await expect(page.locator("select[name='lang']")).toHaveValue(lang);
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\/sign-in/);
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
}

/**
 * Every dashboard response body from here on, to count where a once-shown secret appears. Taken by
 * intercepting the requests (route.fetch, then fulfil with the same response): reading bodies from
 * the "response" event loses some of them in Chromium ("No data found for resource"), which would
 * let a leak go unseen. Redirects are passed on as they are, for the browser to follow.
 */
export async function recordBodies(page: Page): Promise<Array<{ what: string; body: string }>> {
  const seen: Array<{ what: string; body: string }> = [];
  await page.route(
    (url) => url.href.startsWith(`${APP_URL}/dashboard`),
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      let body: Buffer;
      try {
        body = await response.body();
      } catch (e) {
        // The page navigated away while this request was in flight (a live view's poll, issue 17):
        // Playwright disposes the answer and the browser never receives it, so nothing reached the
        // page to check. Anything else is a failure.
        if (/Response has been disposed/.test(String(e))) return;
        throw e;
      }
      seen.push({ what: `${route.request().method()} ${route.request().url()}`, body: body.toString("utf8") });
      await route.fulfill({ response, body });
    },
  );
  return seen;
}
