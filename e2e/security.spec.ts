// Adversarial cases only the built app can prove (docs/security.md, "The 40 adversarial cases"):
// what the build ships, the wizard's response headers, Next.js's own origin check of server
// actions behind our launcher, and the proxy under a forged internal header.
import fs from "node:fs";
import path from "node:path";
import { APP_URL } from "../playwright.config";
import { DATA, expect, readData, test } from "./fixtures";

/** Every file Next.js serves as a static asset (client chunks, CSS, the build manifest). */
function staticFiles(dir = ".next/static"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? staticFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test("case 15: no built asset names the keyring's variable or holds a master key, the demo key or a staff password", async ({ request, createSession }) => {
  const files = staticFiles();
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(10);
  const keys = readData("master-keys")
    .split(",")
    .map((entry) => entry.split(":")[1]!);
  const secrets = [...keys, readData("demo-api-key"), ...fs.readdirSync(DATA).filter((f) => /password/.test(f) && !/embedded/.test(f)).map(readData)];
  expect(keys.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = fs.readFileSync(file, "latin1");
    for (const name of ["LATCHKEY_MASTER_KEYS", "AUTH_SECRET", "DATABASE_URL"]) expect(text.includes(name), `${file} names ${name}`).toBe(false);
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  }
  // The server-rendered pages and their RSC payloads neither.
  const { token } = await createSession();
  for (const p of ["/", "/dashboard/sign-in", `/connect/${token}`]) {
    for (const headers of [{}, { rsc: "1" }] as Record<string, string>[]) {
      const body = await (await request.get(`${APP_URL}${p}`, { headers })).text();
      for (const secret of secrets) expect(body.includes(secret), p).toBe(false);
      expect(body).not.toContain("LATCHKEY_MASTER_KEYS");
    }
  }
});

test("case 17, 21, 22: the wizard is never cached, sends no Referer and sets no cookie", async ({ page, context, createSession }) => {
  const { token } = await createSession();
  const seen: { url: string; cache: string | undefined; cookie: string | undefined }[] = [];
  page.on("response", async (r) => {
    if (!r.url().startsWith(APP_URL)) return;
    const h = await r.allHeaders();
    seen.push({ url: r.url(), cache: h["cache-control"], cookie: h["set-cookie"] });
  });
  await page.goto(`${APP_URL}/connect/${token}?session_token=attacker&token=attacker`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const res = await page.request.get(`${APP_URL}/connect/${token}`);
  expect(res.headers()["cache-control"]).toMatch(/no-store/);
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
  const wizardDocs = seen.filter((s) => s.url.includes(`/connect/${token}`));
  expect(wizardDocs.length).toBeGreaterThan(0);
  for (const s of wizardDocs) expect(s.cache, s.url).toMatch(/no-store/);
  for (const s of seen) expect(s.cookie, s.url).toBeUndefined();
  expect(await context.cookies()).toEqual([]);
});

test("case 26: a server action posted from a foreign origin is refused before Next.js looks the action up", async ({ request, createSession }) => {
  const { token } = await createSession();
  const post = (headers: Record<string, string>) =>
    request.post(`${APP_URL}/connect/${token}`, {
      headers: { "next-action": "7f".repeat(21), "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", ...headers },
      data: "[]",
      maxRedirects: 0,
    });
  // The control: from the app's own origin the request reaches the lookup, which knows no such action.
  const own = await post({ origin: APP_URL });
  expect(own.status()).toBe(409);
  expect(await own.text()).toContain("Server Action unavailable");
  const forged: Record<string, string>[] = [{ origin: "https://evil.test" }, { origin: "null" }, { origin: "https://evil.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" }];
  for (const headers of forged) {
    const res = await post(headers);
    expect([JSON.stringify(headers), res.status()]).toEqual([JSON.stringify(headers), 500]);
    expect(await res.text()).not.toContain("Server Action unavailable");
  }
});

test("case 36: x-middleware-subrequest skips neither the proxy nor the dashboard's sign-in", async ({ request }) => {
  for (const value of ["proxy", "middleware", "proxy:proxy:proxy:proxy:proxy", "middleware:middleware:middleware:middleware:middleware", "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware"]) {
    const res = await request.get(`${APP_URL}/dashboard`, { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
    expect([value, res.headers()["content-security-policy"]]).toEqual([value, expect.stringMatching(/^frame-ancestors 'none'; script-src 'nonce-/)]);
    expect([value, res.status()]).toEqual([value, 307]);
    expect(res.headers().location).toMatch(/\/dashboard\/sign-in/);
  }
});
