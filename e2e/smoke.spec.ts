import { expect, test } from "@playwright/test";

test("the built app answers /api/health and serves its home page", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", parts: { database: { ok: true }, queue: { ok: true }, migrations: { ok: true } } });
  expect(health.headers()["x-request-id"]).toBeTruthy();

  const missing = await request.get("/api/does-not-exist");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Latchkey" })).toBeVisible();
  await page.screenshot({ path: "artifacts/screenshots/home.png", fullPage: true });
});
