// The wizard in the real cross-origin setup: the demo host page (http://localhost:3101/demo) opens
// the modal with connect.js; the iframe is the wizard at http://localhost:3100/connect/<token>.
// Sessions are created through the vendor API with the demo key, as a vendor's backend would.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { FrameLocator } from "@playwright/test";
import pg from "pg";
import { listSandboxCredentials, type SandboxCredential } from "@/lib/sandbox/credentials";
import type { ProviderId } from "@/lib/providers/types";
import { APP_URL } from "../playwright.config";
import { DATA, embeddedDbUrl, expect, readDemoKey, test } from "./fixtures";
import { gotoWizard, hostEvents, msgs, openOnHost, Wizard, type Lang } from "./pages/wizard";

const SHOTS = "artifacts/screenshots/wizard";
// The scope labels are shared with the dashboard (namespace common).
const scopeLabels = {
  en: JSON.parse(fs.readFileSync("messages/en.json", "utf8")).common.scope,
  de: JSON.parse(fs.readFileSync("messages/de.json", "utf8")).common.scope,
};

async function getConnection(id: string): Promise<{ id: string; provider: string; status: string } | null> {
  const res = await fetch(`${APP_URL}/api/v1/connections/${id}`, { headers: { authorization: `Bearer ${readDemoKey()}` } });
  return res.ok ? ((await res.json()) as { id: string; provider: string; status: string }) : null;
}

async function sql(query: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: embeddedDbUrl() });
  await client.connect();
  try {
    return (await client.query(query, params)).rows;
  } finally {
    await client.end();
  }
}

function credential(provider: ProviderId, outcome: string, missing?: boolean): SandboxCredential {
  const c = listSandboxCredentials(provider).find((x) => x.expect.outcome === outcome && (missing === undefined || !!x.expect.missing?.length === missing));
  if (!c) throw new Error(`no ${provider} sandbox credential for ${outcome}`);
  return c;
}

const providers: ProviderId[] = ["hrworks", "personio", "peoplehr"];

/**
 * The demo's People HR simulator enforces People HR's real limit (30 calls a minute per client
 * address); these tests run eight People HR checks within a minute, so they ask for two scopes
 * there instead of five. The other simulators have no counting limit.
 */
function sessionScopes(provider: ProviderId, ok: SandboxCredential) {
  if (provider === "peoplehr") return { scopes: ["employees", "absences"], optional_scopes: [] };
  return { scopes: ok.scopes.required, optional_scopes: ok.scopes.optional };
}
const langs: Lang[] = ["en", "de"];

for (const provider of providers) {
  for (const lang of langs) {
    test.describe(`${provider} (${lang})`, () => {
      test("happy path: success reaches the host page and the connection is stored; the link is then used up", async ({ page, createSession }) => {
        const ok = credential(provider, "ok", false);
        const { token } = await createSession({ providers: [provider], language: lang, ...sessionScopes(provider, ok) });
        const w = await Wizard.onHost(page, token, lang, `${provider}-${lang}`);
        await w.toForm();
        await w.submit(ok.values);
        await expect(w.heading()).toHaveText(msgs[lang].result.successTitle.replace("{provider}", (await w.frame.locator(".lk-step-provider").textContent())!.trim()), { timeout: 20_000 });
        await expect(w.frame.locator(".lk-scope-granted").first()).toBeVisible();
        // The result starts at the top of the modal: its title is in view, not scrolled away.
        await expect(w.frame.locator("h1")).toBeInViewport();
        await w.screenshot("result");
        await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")).toBeTruthy();
        const success = (await hostEvents(page)).find((e) => e.type === "success")!;
        expect(success.provider).toBe(provider);
        const stored = await getConnection(success.connectionId!);
        expect(stored).toMatchObject({ id: success.connectionId, provider, status: "active" });
        const types = (await hostEvents(page)).map((e) => e.type);
        expect(types[0]).toBe("ready");
        expect(types).toContain("step");

        // A second use of the same link.
        const again = await openOnHost(page, token);
        await expect(again.locator("h2")).toHaveText(msgs[lang].errors.session_used);
        await w.screenshot("used");
        await expect.poll(async () => (await hostEvents(page)).some((e) => e.type === "error" && e.code === "session_used")).toBe(true);
      });

      test("wrong credentials, then a missing permission with its fix-it, then the granted credential succeeds", async ({ page, createSession }) => {
        const wrong = credential(provider, "invalid_credentials");
        const missing = credential(provider, "missing_scopes", true);
        const ok = credential(provider, "ok", false);
        const { token } = await createSession({ providers: [provider], language: lang, ...sessionScopes(provider, ok) });
        const w = await Wizard.onHost(page, token, lang, `${provider}-${lang}-fix`);
        await w.toForm();

        await w.submit(wrong.values, "form-wrong");
        const alert = w.frame.locator(".ui-alert-error");
        await expect(alert).toBeVisible({ timeout: 20_000 });
        await expect(w.heading()).toHaveText(msgs[lang].steps.form);
        await w.screenshot("wrong-credentials");

        await w.submit(missing.values, "form-missing");
        await expect(w.heading()).toHaveText(msgs[lang].result.failTitle, { timeout: 20_000 });
        await expect(w.frame.locator(".lk-scope-missing .lk-fix").first()).toBeVisible();
        await expect(w.frame.getByRole("button", { name: msgs[lang].result.testAgain })).toBeVisible();
        await w.screenshot("missing-permission");
        expect((await hostEvents(page)).some((e) => e.type === "success")).toBe(false);

        // "Test again" re-runs the check with the values still in memory: no retyping.
        const rerun = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"] && r.url().includes("/connect/"));
        await w.frame.getByRole("button", { name: msgs[lang].result.testAgain }).click();
        const body = (await rerun).postData() ?? "";
        expect(body).toContain(Object.values(missing.values)[0]!);
        await expect(w.frame.getByRole("button", { name: msgs[lang].result.testAgain })).toBeEnabled({ timeout: 20_000 });
        await expect(w.heading()).toHaveText(msgs[lang].result.failTitle);

        await w.frame.getByRole("button", { name: msgs[lang].result.changeCredentials }).click();
        await expect(w.heading()).toHaveText(msgs[lang].steps.form);
        await w.submit(ok.values, "form-granted");
        await expect(w.frame.locator(".lk-scope-granted").first()).toBeVisible({ timeout: 20_000 });
        await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")?.provider).toBe(provider);
        await w.screenshot("granted");
      });

      test("an expired link says so and tells the host", async ({ page, createSession }) => {
        const { token } = await createSession({ providers: [provider], language: lang });
        await sql("update connect_sessions set expires_at = now() - interval '1 minute' where token_hash = encode(sha256($1::bytea), 'hex')", [token]);
        const frame = await openOnHost(page, token);
        await expect(frame.locator("h2")).toHaveText(msgs[lang].errors.session_expired);
        await new Wizard(page, frame, lang, `${provider}-${lang}`).screenshot("expired");
        await expect.poll(async () => (await hostEvents(page)).some((e) => e.type === "error" && e.code === "session_expired")).toBe(true);
      });
    });
  }
}

for (const lang of langs) {
  test(`justworks (${lang}): the service user, "I have sent the invitation", and the state when the link is reopened`, async ({ page, createSession }) => {
    const { token } = await createSession({ providers: ["justworks"], language: lang, link: "hosted" });
    const frame = await openOnHost(page, token);
    const w = new Wizard(page, frame, lang, `justworks-${lang}`);
    await expect(w.heading()).toHaveText(msgs[lang].steps.prerequisites);
    await w.screenshot("prerequisites");
    await frame.getByRole("button", { name: msgs[lang].prerequisites.confirm }).click();
    await expect(w.heading()).toHaveText(msgs[lang].steps.guideServiceUser);
    const email = (await frame.locator(".lk-copy-value").nth(1).innerText()).trim();
    expect(email).toMatch(/^latchkey\+[0-9a-z]{10}@/);
    await expect(frame.getByRole("button", { name: msgs[lang].justworks.copyLabel.replace("{what}", msgs[lang].justworks.email) })).toBeVisible();
    await w.screenshot("guide");
    await frame.getByRole("button", { name: msgs[lang].justworks.sent }).click();
    await expect(w.heading()).toHaveText(msgs[lang].justworks.stateTitle);
    // Nothing was typed, so nothing is said about encrypted credentials; the state view can be closed with Done.
    await expect(frame.getByText(msgs[lang].header.securedBy)).toHaveCount(0);
    await expect(frame.getByRole("button", { name: msgs[lang].result.done })).toBeVisible();
    await w.screenshot("state");
    await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")?.status).toBe("pending");
    const success = (await hostEvents(page)).find((e) => e.type === "success")!;
    expect(await getConnection(success.connectionId!)).toMatchObject({ provider: "justworks", status: "pending" });

    // The hosted link reopened later, even after it expired: the state and the same e-mail again.
    await sql("update connect_sessions set expires_at = now() - interval '1 minute' where token_hash = encode(sha256($1::bytea), 'hex')", [token]);
    const reopened = await openOnHost(page, token);
    await expect(reopened.locator("#lk-step-heading")).toHaveText(msgs[lang].justworks.stateTitle);
    await expect(reopened.locator(".lk-copy-value").nth(1)).toHaveText(email);
    await w.screenshot("reopened");

    const expired = await createSession({ providers: ["justworks"], language: lang });
    await sql("update connect_sessions set expires_at = now() - interval '1 minute' where token_hash = encode(sha256($1::bytea), 'hex')", [expired.token]);
    await expect((await openOnHost(page, expired.token)).locator("h2")).toHaveText(msgs[lang].errors.session_expired);
  });
}

test("the picker: search and category filter, in German from the browser's language", async ({ browser, createSession }) => {
  const context = await browser.newContext({ locale: "de-DE", extraHTTPHeaders: { "accept-language": "de-DE,de;q=0.9" } });
  const page = await context.newPage();
  const { url } = await createSession({});
  const w = await Wizard.direct(page, url, "de");
  const t = msgs.de;
  await expect(page.locator("#lk-step-heading")).toHaveText(t.steps.picker);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.locator(".lk-provider")).toHaveCount(4);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/picker-de.png` });
  await page.getByRole("searchbox", { name: t.picker.searchLabel }).fill("perso");
  await expect(page.locator(".lk-provider")).toHaveCount(1);
  await page.getByRole("searchbox", { name: t.picker.searchLabel }).fill("");
  await page.getByRole("radio", { name: t.picker.category_ats }).check();
  const ats = await page.locator(".lk-provider-name").allInnerTexts();
  expect(ats.length).toBeGreaterThan(0);
  expect(ats.length).toBeLessThan(4);
  await page.getByRole("radio", { name: t.picker.categoryAll }).check();
  await w.pickProvider(/Personio/);
  await expect(page.locator("#lk-step-heading")).toBeFocused();
  await context.close();
});

test("mobile, 360 px wide: no horizontal scrolling on any step", async ({ browser, createSession }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const ok = credential("hrworks", "missing_scopes", true);
  const { url } = await createSession({ language: "de", scopes: ok.scopes.required, optional_scopes: ok.scopes.optional });
  await gotoWizard(page, url);
  const noOverflow = async (name: string) => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/mobile-${name}.png`, fullPage: true });
  };
  fs.mkdirSync(SHOTS, { recursive: true });
  await noOverflow("picker");
  await page.getByRole("button", { name: /HR WORKS/ }).click();
  await noOverflow("prerequisites");
  await page.getByRole("button", { name: msgs.de.prerequisites.confirm }).click();
  await noOverflow("guide");
  await page.getByRole("button", { name: msgs.de.guide.continue }).click();
  await page.locator("#lk-f-accessKey").fill(ok.values.accessKey!);
  await page.locator("#lk-f-secretAccessKey").fill(ok.values.secretAccessKey!);
  await noOverflow("form");
  await page.getByRole("button", { name: msgs.de.form.submit }).click();
  await expect(page.locator("#lk-step-heading")).toHaveText(msgs.de.result.failTitle, { timeout: 20_000 });
  await noOverflow("result");
  await context.close();
});

test("HR WORKS: pasting the key file fills both keys; over-long input is refused before any request", async ({ page, createSession }) => {
  const ok = credential("hrworks", "ok", false);
  const { url } = await createSession({ providers: ["hrworks"], language: "en", scopes: ok.scopes.required, optional_scopes: ok.scopes.optional });
  await gotoWizard(page, url);
  const w = new Wizard(page, page as unknown as FrameLocator, "en", "");
  await w.toForm();
  let actionCalls = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) actionCalls++;
  });
  await page.locator("#lk-f-secretAccessKey").fill("x".repeat(201));
  await page.locator("#lk-f-accessKey").fill("HWSANDBOX-ALL");
  const before = actionCalls;
  await page.getByRole("button", { name: msgs.en.form.submit }).click();
  await expect(page.getByText(msgs.en.form.tooLong.replace("{max}", "200"))).toBeVisible();
  await page.waitForTimeout(300);
  expect(actionCalls).toBe(before);

  await page.locator("#lk-f-accessKey").fill("");
  await page.locator("#lk-f-secretAccessKey").fill("");
  await page.getByText(msgs.en.form.keyFileLabel).first().click();
  await page.locator("#lk-keyfile").fill(`Access Key: ${ok.values.accessKey}\nSecret Access Key: ${ok.values.secretAccessKey}\n`);
  await expect(page.locator("#lk-f-accessKey")).toHaveValue(ok.values.accessKey!);
  await expect(page.locator("#lk-f-secretAccessKey")).toHaveValue(ok.values.secretAccessKey!);
  await expect(page.locator("#lk-f-secretAccessKey")).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Show Secret Access Key" }).click();
  await expect(page.locator("#lk-f-secretAccessKey")).toHaveAttribute("type", "text");
  await page.screenshot({ path: `${SHOTS}/hrworks-keyfile.png` });
});

test("case 12, 15, 21: a canary secret appears in no page, no action response, no storage and no server log", async ({ page, createSession }) => {
  const CANARY = `CANARY${Date.now()}x9q`;
  const bodies: string[] = [];
  page.on("response", async (r) => {
    try {
      bodies.push(await r.text());
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  const ok = credential("hrworks", "ok", false);
  const { token } = await createSession({ providers: ["hrworks"], language: "en", scopes: ok.scopes.required });
  const frame = await openOnHost(page, token);
  const w = new Wizard(page, frame, "en", "");
  await w.toForm();
  await w.submit({ accessKey: ok.values.accessKey!, secretAccessKey: CANARY });
  await expect(frame.locator(".ui-alert-error")).toBeVisible({ timeout: 20_000 });
  // Typed again and sent a second time: still nowhere.
  await w.frame.locator("#lk-f-secretAccessKey").fill(CANARY);
  await w.frame.getByRole("button", { name: msgs.en.form.submit }).click();
  await expect(frame.locator(".ui-alert-error")).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(500);

  const wizardFrame = page.frames().find((f) => f.url().includes("/connect/"))!;
  expect(await wizardFrame.content()).not.toContain(CANARY);
  expect(await page.content()).not.toContain(CANARY);
  const storage = await wizardFrame.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, c: document.cookie }));
  expect(storage).not.toContain(CANARY);
  expect(bodies.length).toBeGreaterThan(0);
  for (const b of bodies) expect(b).not.toContain(CANARY);
  expect(JSON.stringify(await hostEvents(page))).not.toContain(CANARY);
  const log = fs.readFileSync(path.join(DATA, "server.log"), "utf8");
  expect(log).toContain("provider check finished");
  expect(log).not.toContain(CANARY);
  expect(log).not.toContain(token);
});

test("axe finds no violations on any step", async ({ page, createSession }) => {
  const missing = credential("hrworks", "missing_scopes", true);
  const ok = credential("hrworks", "ok", false);
  const { url } = await createSession({ language: "en", scopes: ok.scopes.required, optional_scopes: ok.scopes.optional });
  const check = async (step: string) => {
    const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(r.violations.map((v) => `${step}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  };
  await gotoWizard(page, url);
  await check("picker");
  await page.getByRole("button", { name: /HR WORKS/ }).click();
  await check("prerequisites");
  await page.getByRole("button", { name: msgs.en.prerequisites.confirm }).click();
  await check("guide");
  await page.getByRole("button", { name: msgs.en.guide.continue }).click();
  await check("form");
  await page.locator("#lk-f-accessKey").fill(missing.values.accessKey!);
  await page.locator("#lk-f-secretAccessKey").fill("wrong");
  await page.getByRole("button", { name: msgs.en.form.submit }).click();
  await expect(page.locator(".ui-alert-error")).toBeVisible({ timeout: 20_000 });
  await check("form-error");
  await page.locator("#lk-f-secretAccessKey").fill(missing.values.secretAccessKey!);
  await page.getByRole("button", { name: msgs.en.form.submit }).click();
  await expect(page.locator("#lk-step-heading")).toHaveText(msgs.en.result.failTitle, { timeout: 20_000 });
  await check("result-missing");
  await page.getByRole("button", { name: msgs.en.result.changeCredentials }).click();
  await page.locator("#lk-f-accessKey").fill(ok.values.accessKey!);
  await page.locator("#lk-f-secretAccessKey").fill(ok.values.secretAccessKey!);
  await page.getByRole("button", { name: msgs.en.form.submit }).click();
  await expect(page.locator(".lk-scope-granted").first()).toBeVisible({ timeout: 20_000 });
  await check("result-success");

  const jw = await createSession({ providers: ["justworks"], language: "de" });
  await gotoWizard(page, jw.url);
  await check("justworks-prerequisites");
  await page.getByRole("button", { name: msgs.de.prerequisites.confirm }).click();
  await check("justworks-guide");
  await page.getByRole("button", { name: msgs.de.justworks.sent }).click();
  await expect(page.locator("#lk-step-heading")).toHaveText(msgs.de.justworks.stateTitle);
  await check("justworks-state");
  await gotoWizard(page, url);
  await check("used");
});

for (const lang of langs) {
  test(`rate limit (${lang}): the eleventh check within a minute is refused with when to retry`, async ({ page, createSession }) => {
    const wrong = credential("hrworks", "invalid_credentials");
    const { url } = await createSession({ providers: ["hrworks"], language: lang });
    await gotoWizard(page, url);
    const w = new Wizard(page, page as unknown as FrameLocator, lang, "");
    await w.toForm();
    await w.fill(wrong.values);
    const alert = page.locator(".ui-alert-error");
    for (let i = 0; i < 10; i++) {
      await page.getByRole("button", { name: msgs[lang].form.submit }).click();
      await expect(alert).toBeVisible({ timeout: 20_000 });
      await expect(alert).not.toContainText(lang === "de" ? "Zu viele Versuche" : "Too many attempts");
      await expect(page.getByRole("button", { name: msgs[lang].form.submit })).toBeEnabled();
    }
    await page.getByRole("button", { name: msgs[lang].form.submit }).click();
    await expect(alert).toContainText(lang === "de" ? /Zu viele Versuche in kurzer Zeit\. Bitte warten Sie \d+ Sekunden?/ : /Too many attempts in a short time\. Please wait \d+ seconds?/);
    // The wait counts down beside the button, which stays disabled until it is over.
    await expect(page.getByTestId("wait")).toContainText(lang === "de" ? /in \d+ Sekunden?/ : /in \d+ seconds?/);
    await expect(page.getByRole("button", { name: msgs[lang].form.submit })).toBeDisabled();
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/rate-limited-${lang}.png` });
  });
}

const personioTexts = JSON.parse(fs.readFileSync("messages/providers/personio/en.json", "utf8"));

test("Personio: the address as the browser shows it turns the guide's steps into deep links and fills the form", async ({ page, createSession }) => {
  const { url } = await createSession({ providers: ["personio"], language: "en" });
  await gotoWizard(page, url);
  await page.getByRole("button", { name: msgs.en.prerequisites.confirm }).click();
  const links = page.getByRole("link", { name: /Open this page in Personio/ });
  await expect(links).toHaveCount(0);
  const field = page.getByLabel(personioTexts.fields.subdomain.label);
  for (const [typed, host] of [
    ["acme", "acme.app.personio.com"],
    ["acme.personio.de", "acme.personio.de"],
    ["https://acme.app.personio.com/", "acme.app.personio.com"],
  ]) {
    await field.fill(typed!);
    await expect(links.first()).toHaveAttribute("href", `https://${host}/configuration/marketplace/connected`);
  }
  await field.fill("evil.example/x");
  await expect(links).toHaveCount(0);
  await expect(page.getByText(msgs.en.guide.addressInvalid.replaceAll("{provider}", "Personio"))).toBeVisible();
  await field.fill("https://acme.app.personio.com/");
  // The checklist names the readable attributes as Personio lists them.
  await expect(page.getByTestId("checklist")).toContainText(personioTexts.attributeNames.hire_date);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/personio-address.png`, fullPage: true });
  await page.getByRole("button", { name: msgs.en.guide.continue }).click();
  await expect(page.locator("#lk-f-subdomain")).toHaveValue("https://acme.app.personio.com/");
  // One "(optional)": the form's hint, not a second one in the label.
  await expect(page.locator("label[for='lk-f-subdomain']")).toHaveText(/^Personio address\s*\(optional\)$/);
});

for (const lang of langs) {
  test(`provider rate limit (${lang}): the result says to wait, counts down, and offers "Test again" when it is over`, async ({ page, createSession }) => {
    const limited = listSandboxCredentials("personio").find((c) => c.expect.outcome === "rate_limited")!;
    const { url } = await createSession({ providers: ["personio"], language: lang });
    await gotoWizard(page, url);
    const w = new Wizard(page, page as unknown as FrameLocator, lang, `personio-${lang}-rate-limited`);
    await w.toForm();
    await w.submit(limited.values);
    await expect(w.heading()).toHaveText(msgs[lang].result.rateLimitedTitle.replace("{provider}", "Personio"), { timeout: 20_000 });
    const again = page.getByRole("button", { name: msgs[lang].result.testAgain });
    await expect(again).toBeDisabled();
    await expect(page.getByTestId("wait")).toContainText(lang === "de" ? /in \d+ Sekunden?/ : /in \d+ seconds?/);
    await w.screenshot("result");
  });
}

for (const lang of langs) {
  test(`live progress (${lang}): each permission shows its answer while slower ones are still being checked`, async ({ page, createSession }) => {
    const slow = listSandboxCredentials("hrworks").find((c) => c.values.accessKey === "HWSANDBOX-SLOW-APPLICANTS")!;
    const { token } = await createSession({ providers: ["hrworks"], language: lang, scopes: slow.scopes.required, optional_scopes: slow.scopes.optional });
    const w = await Wizard.onHost(page, token, lang, `hrworks-${lang}-progress`);
    await w.toForm();
    await w.submit(slow.values);
    // The sandbox's Applicant Management answers four seconds late: Persons, General and Absences
    // are shown as granted while the five ATS permissions are still being checked. Once the three
    // fast ones are counted, one snapshot of every row (a single call, so the state is one instant).
    await expect(w.heading()).toHaveText(msgs[lang].steps.check);
    const counted = msgs[lang].check.counted.replace("{done}", "3").replace("{total}", "8");
    await expect(w.frame.locator(".lk-check-count")).toHaveText(counted);
    const rows = await w.frame.locator("body").evaluate((body) => ({
      count: body.querySelector(".lk-check-count")?.textContent,
      rows: Object.fromEntries([...body.querySelectorAll<HTMLElement>("[data-scope]")].map((el) => [el.dataset.scope, { className: el.className, status: el.querySelector(".lk-scope-status")?.textContent }])),
    }));
    expect(rows.count).toBe(counted);
    for (const id of ["authentication", "employees", "departments", "absences"]) expect(rows.rows[id]?.className, id).toMatch(/lk-scope-granted/);
    for (const id of ["ats.jobs", "ats.job_postings", "ats.candidates", "ats.applications", "ats.write"]) {
      expect(rows.rows[id]?.className, id).toMatch(/lk-scope-running/);
      expect(rows.rows[id]?.status, id).toBe(msgs[lang].check.scopeRunning);
    }
    expect(rows.rows.employees?.status).toBe(scopeLabels[lang].granted);
    await w.screenshot("checking");
    await expect(w.heading()).toHaveText(msgs[lang].result.successTitle.replace("{provider}", "HR WORKS"), { timeout: 20_000 });
    await expect(w.frame.locator(".lk-scope-granted")).toHaveCount(8);
    await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")?.provider).toBe("hrworks");
  });

  test(`reconnect (${lang}): the vendor's reconnect session replaces the credential of the same connection`, async ({ page, createSession }) => {
    const endUser = { id: `e2e-reconnect-${lang}-${Date.now()}`, name: "Reconnect GmbH" };
    const partial = listSandboxCredentials("hrworks").find((c) => c.values.accessKey === "HWSANDBOX-NO-ABSENCES")!;
    const ok = credential("hrworks", "ok", false);
    const scopes = { scopes: ok.scopes.required, optional_scopes: ok.scopes.optional };

    // First link: saved, with the optional Absences permission missing.
    const first = await createSession({ end_user: endUser, providers: ["hrworks"], language: lang, ...scopes });
    const w1 = await Wizard.onHost(page, first.token, lang, "");
    await w1.toForm();
    await w1.submit(partial.values);
    await expect(w1.heading()).toHaveText(msgs[lang].result.optionalMissingTitle, { timeout: 20_000 });
    await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")?.connectionId).toBeTruthy();
    const connectionId = (await hostEvents(page)).find((e) => e.type === "success")!.connectionId!;

    // The vendor asks for a reconnect of that connection; a second reconnect link is kept for later.
    const again = await createSession({ end_user: endUser, connection_id: connectionId, language: lang, ...scopes });
    const spare = await createSession({ end_user: endUser, connection_id: connectionId, language: lang, ...scopes });
    const w = await Wizard.onHost(page, again.token, lang, `hrworks-${lang}-reconnect`);
    const notice = w.frame.locator(".ui-alert-info");
    await expect(notice).toContainText(msgs[lang].reconnect.title.replace("{provider}", "HR WORKS"));
    await expect(notice).toContainText(msgs[lang].reconnect.lastMissing.replace("{provider}", "HR WORKS"));
    // The unified name, and HR WORKS' own area with its read column.
    await expect(notice.locator("li")).toHaveText([lang === "de" ? "Abwesenheiten (Abwesenheiten: Lesen)" : "Absences (Absences: read)"]);
    await w.toForm();
    await w.submit(ok.values);
    await expect(w.heading()).toHaveText(msgs[lang].result.reconnectedTitle.replace("{provider}", "HR WORKS"), { timeout: 20_000 });
    await w.screenshot("reconnected");
    await expect.poll(async () => (await hostEvents(page)).find((e) => e.type === "success")?.connectionId).toBe(connectionId);

    // The same connection, active, with a second credential version; the feed has connection.updated.
    expect(await getConnection(connectionId)).toMatchObject({ id: connectionId, status: "active" });
    const rows = await sql("select c.id, v.version from connections c join credentials v on v.connection_id = c.id where c.end_user_id = $1", [endUser.id]);
    expect(rows).toEqual([{ id: connectionId, version: 2 }]);
    await expect
      .poll(async () => {
        const res = await fetch(`${APP_URL}/api/v1/events?connection_id=${connectionId}`, { headers: { authorization: `Bearer ${readDemoKey()}` } });
        const feed = (await res.json()) as { data: Array<{ type: string; connection_id: string | null }> };
        return feed.data.filter((e) => e.connection_id === connectionId).map((e) => e.type);
      })
      .toEqual(expect.arrayContaining(["connection.created", "connection.updated"]));

    // Once the connection is deleted, a reconnect link for it says the link is no longer valid.
    const del = await fetch(`${APP_URL}/api/v1/connections/${connectionId}`, { method: "DELETE", headers: { authorization: `Bearer ${readDemoKey()}` } });
    expect(del.status).toBe(200);
    const gone = await openOnHost(page, spare.token);
    await expect(gone.locator("h2")).toHaveText(msgs[lang].errors.not_found);
  });
}
