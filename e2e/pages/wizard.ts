// The wizard's page object: open it from a page of the host origin (through connect.js, the way a
// vendor's page does) or directly from a link, wait until it is hydrated, pick a provider, go through the
// prerequisites and the guide, fill the form and run the check. Texts come from the message
// catalog, so a test reads the same words the admin sees in either language.
import fs from "node:fs";
import { expect, type FrameLocator, type Page } from "@playwright/test";
import { languages, type Lang } from "@/lib/i18n/languages";
import { APP_URL, HOST_URL } from "../../playwright.config";

export type { Lang };
type ConnectMessages = (typeof import("@/messages/en.json"))["connect"];
/** The wizard's texts (namespace `connect`) in every language. */
export const msgs = Object.fromEntries(languages.map((l) => [l, JSON.parse(fs.readFileSync(`messages/${l}.json`, "utf8")).connect])) as Record<Lang, ConnectMessages>;
const SHOTS = "artifacts/screenshots/wizard";

/** The messages the host page received from the wizard (collected by openOnHost). */
export const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as { __events: Array<Record<string, string>> }).__events);

/** Open the wizard from a page of the host origin through connect.js (a vendor's plain page),
 *  collecting every message the host receives. */
export async function openOnHost(page: Page, token: string): Promise<FrameLocator> {
  await page.goto(`${HOST_URL}/api/health`);
  await page.addScriptTag({ url: `${APP_URL}/connect.js` });
  await page.waitForFunction(() => !!(window as unknown as { Latchkey?: unknown }).Latchkey);
  await page.evaluate((t) => {
    const w = window as unknown as { __events: unknown[]; Latchkey: { openConnect: (o: unknown) => unknown } };
    w.__events = [];
    w.Latchkey.openConnect({ token: t, onEvent: (m: unknown) => w.__events.push(m) });
  }, token);
  const frame = page.frameLocator("iframe[src*='/connect/']");
  await expect(frame.locator("h1")).toBeVisible();
  // The wizard posts `ready` once hydrated (an error page posts `error` instead): a click before that would be lost.
  await expect.poll(async () => (await hostEvents(page)).some((e) => e.type === "ready" || e.type === "error")).toBe(true);
  return frame;
}

/** A hosted link opened directly, once the wizard has hydrated. */
export async function gotoWizard(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("html")).toHaveAttribute("data-lk-ready", "true");
}

export class Wizard {
  shot = 0;
  /** `frame` is the iframe in the host page, or the page itself for a directly opened link. */
  constructor(
    readonly page: Page,
    readonly frame: FrameLocator,
    readonly lang: Lang,
    /** Screenshots are taken under this name; "" takes none. */
    readonly name: string,
  ) {}

  /** The wizard in the demo host page's modal, hydrated. */
  static async onHost(page: Page, token: string, lang: Lang, name = ""): Promise<Wizard> {
    return new Wizard(page, await openOnHost(page, token), lang, name);
  }

  /** The wizard opened directly from its link (a hosted link), hydrated. */
  static async direct(page: Page, url: string, lang: Lang, name = ""): Promise<Wizard> {
    await gotoWizard(page, url);
    return new Wizard(page, page as unknown as FrameLocator, lang, name);
  }

  get t() {
    return msgs[this.lang];
  }
  heading() {
    return this.frame.locator("#lk-step-heading");
  }
  async screenshot(step: string) {
    if (!this.name) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    this.shot++;
    await this.page.screenshot({ path: `${SHOTS}/${this.name}-${String(this.shot).padStart(2, "0")}-${step}.png` });
  }
  /** In the picker: choose a provider by its name. */
  async pickProvider(name: string | RegExp) {
    await this.frame.getByRole("button", { name }).click();
    await expect(this.heading()).toHaveText(this.t.steps.prerequisites);
  }
  /** From the prerequisites, through the guide, to the credential form. */
  async toForm() {
    await expect(this.heading()).toHaveText(this.t.steps.prerequisites);
    await this.screenshot("prerequisites");
    await this.frame.getByRole("button", { name: this.t.prerequisites.confirm }).click();
    await expect(this.heading()).toHaveText(this.t.steps.guide);
    // Exactly what to tick, after the guide's steps and before the form; no mark reads as "granted".
    const checklist = this.frame.getByTestId("checklist");
    await expect(checklist).toBeVisible();
    await expect(checklist.locator("li").first()).toBeVisible();
    expect(await checklist.innerText()).not.toContain("✓");
    await this.screenshot("guide");
    await this.frame.getByRole("button", { name: this.t.guide.continue }).click();
    await expect(this.heading()).toHaveText(this.t.steps.form);
    await expect(this.frame.getByRole("button", { name: this.t.form.submit })).toBeVisible();
  }
  async fill(values: Record<string, string>) {
    for (const [k, v] of Object.entries(values)) await this.frame.locator(`#lk-f-${k}`).fill(v);
  }
  /** Fill the form and run the check. */
  async submit(values: Record<string, string>, shotName = "form") {
    await this.fill(values);
    await this.screenshot(shotName);
    await this.frame.getByRole("button", { name: this.t.form.submit }).click();
  }
}
