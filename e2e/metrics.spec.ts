// The built app's metrics listener (METRICS_PORT, playwright.config.ts): a scrape without the token
// is refused; a vendor API request served by Next.js's bundled route handler is counted under its
// route pattern by the same registry the launcher serves (lib/metrics/registry.ts keeps one per
// process on globalThis); the API key, the session token and the end user's id never appear.
import { APP_URL, METRICS_PORT, METRICS_TOKEN } from "../playwright.config";
import { expect, test } from "./fixtures";

const METRICS_URL = `http://127.0.0.1:${METRICS_PORT}/metrics`;

function count(text: string, route: string, method: string, status: string): number {
  const line = text
    .split("\n")
    .find((l) => l.startsWith("latchkey_api_request_duration_seconds_count{") && l.includes(`route="${route}"`) && l.includes(`method="${method}"`) && l.includes(`status="${status}"`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

test("metrics: refused without the token; API requests counted by route pattern; no key, token or id in the output", async ({ createSession, demoKey }) => {
  expect((await fetch(METRICS_URL)).status).toBe(401);
  expect((await fetch(METRICS_URL, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  const scrape = async () => {
    const res = await fetch(METRICS_URL, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const before = await scrape();
  const endUser = `metrics-e2e-${Date.now()}`;
  const session = await createSession({ end_user: { id: endUser } });
  const missing = await fetch(`${APP_URL}/api/v1/connections/conn_doesnotexist`, { headers: { authorization: `Bearer ${demoKey}` } });
  expect(missing.status).toBe(404);
  const after = await scrape();
  expect(count(after, "/api/v1/connect/sessions", "POST", "201") - count(before, "/api/v1/connect/sessions", "POST", "201")).toBe(1);
  expect(count(after, "/api/v1/connections/[id]", "GET", "404") - count(before, "/api/v1/connections/[id]", "GET", "404")).toBe(1);
  expect(after).toContain('latchkey_metrics_database_up{role="app"} 1');
  expect(after).toContain("process_resident_memory_bytes");
  for (const canary of [demoKey, session.token, endUser, "conn_doesnotexist", METRICS_TOKEN]) expect(after).not.toContain(canary);
});
