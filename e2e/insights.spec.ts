// The dashboard's Insights page against the built app and the demo's data: a support agent sees
// the funnel and the permission customers miss most often, in English and German, with no
// accessibility violations and no script beyond what every dashboard page loads.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { expect, test } from "./fixtures";
import { chooseLanguage, signIn, viewer } from "./pages/dashboard";

const SHOTS = "artifacts/screenshots/dashboard";

/** The scripts a page loads from the app. */
async function scriptsOf(page: Page, path: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const onResponse = (r: { url(): string; request(): { resourceType(): string } }) => {
    if (r.request().resourceType() === "script" && r.url().startsWith(APP_URL)) seen.add(new URL(r.url()).pathname);
  };
  page.on("response", onResponse);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  return seen;
}

test("a support agent sees the funnel and the top missing permission for the demo data, in English and German", async ({ page }) => {
  await signIn(page, viewer());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();

  // The funnel's table alternative: every step, the demo's 480 past sessions at the top.
  const funnel = page.getByRole("table", { name: "Sessions reaching each step" });
  const rows = funnel.getByRole("row");
  await expect(rows).toHaveCount(8);
  await expect(rows.nth(1).getByRole("rowheader")).toHaveText("Session created");
  const created = Number((await rows.nth(1).getByRole("cell").first().textContent())!.replace(/\D/g, ""));
  expect(created).toBeGreaterThanOrEqual(480);
  await expect(rows.nth(7).getByRole("rowheader")).toHaveText("Connected");
  const connected = Number((await rows.nth(7).getByRole("cell").first().textContent())!.replace(/\D/g, ""));
  expect(connected).toBeGreaterThan(0);
  expect(connected).toBeLessThan(created);

  // The demo's first: HR WORKS's absences permission, by the name HR WORKS gives it.
  await expect(page.getByTestId("top-missing")).toHaveText(/^Most often missing: HR WORKS: Absences: read, \d+ times$/);
  const missing = page.getByRole("table", { name: "Missing permissions, by the provider's own name" });
  await expect(missing.getByRole("rowheader").first()).toHaveText("HR WORKS: Absences: read");
  await expect(missing.getByRole("rowheader", { name: "Personio: Attendances: Read" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Failed checks by provider and reason" }).getByRole("rowheader", { name: "Personio: wrong credentials" })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/insights.png`, fullPage: true });

  // One provider: the funnel of the sessions in which it was chosen.
  await page.getByLabel("Provider").selectOption("personio");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/provider=personio/);
  await expect(page.getByText("Sessions in which Personio was chosen (or the only provider offered).")).toBeVisible();
  await expect(page.getByRole("table", { name: "Missing permissions, by the provider's own name" }).getByRole("rowheader").first()).toHaveText(/^Personio: /);

  await page.goto("/dashboard/insights");
  await chooseLanguage(page, "de");
  await expect(page.getByRole("heading", { level: 1, name: "Auswertungen" })).toBeVisible();
  await expect(page.getByTestId("top-missing")).toHaveText(/^Am häufigsten fehlt: HR WORKS: Abwesenheiten: Lesen, \d+ Mal$/);
  await expect(page.getByRole("table", { name: "Sitzungen, die jeden Schritt erreichten" }).getByRole("rowheader").nth(6)).toHaveText("Verbunden");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/insights-de.png`, fullPage: true });
  await chooseLanguage(page, "en");
});

test("the Insights page's charts are drawn on the server: it loads no script the flow-failures page does not", async ({ page }) => {
  await signIn(page, viewer());
  const base = await scriptsOf(page, "/dashboard/flow-failures");
  const insights = await scriptsOf(page, "/dashboard/insights?days=90");
  await expect(page.locator("svg.chart-svg").first()).toBeVisible();
  expect([...insights].filter((s) => !base.has(s))).toEqual([]);
});
