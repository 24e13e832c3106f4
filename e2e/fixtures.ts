// What every end-to-end spec shares: the e2e data directory of the app under test, the demo API
// key read from it, and a connect session created through the vendor API with that key (as a
// vendor's backend would). Specs import `test` and `expect` from here; `createSession` and
// `demoKey` are worker-scoped fixtures, so `beforeAll` can use them too.
import fs from "node:fs";
import path from "node:path";
import { expect, test as base } from "@playwright/test";
import { APP_URL } from "../playwright.config";

/** The app's data directory in playwright.config.ts (`LATCHKEY_DATA_DIR`). */
export const DATA = ".data/e2e";

/** A file the app wrote into its data directory (demo key, demo passwords, embedded-db.json and its password). */
export const readData = (file: string) => fs.readFileSync(path.join(DATA, file), "utf8").trim();

/** The running app's embedded database: its port (embedded-db.json) and password (embedded-db-password, 0600). */
export function embeddedDbUrl(): string {
  const { port } = JSON.parse(readData("embedded-db.json")) as { port: number };
  return `postgresql://postgres:${encodeURIComponent(readData("embedded-db-password"))}@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/** The demo workspace's API key, printed at start and kept in `.data/e2e/demo-api-key`. */
export const readDemoKey = () => readData("demo-api-key");

export type CreatedSession = { token: string; url: string; expires_at: string };
/** The body of POST /api/v1/connect/sessions; `end_user` defaults to a new customer of "Müller Logistik GmbH". */
export type SessionBody = Record<string, unknown>;

/** Create a connect session with the demo key; anything but 201 fails the test with the answer's body. */
export async function createSession(body: SessionBody = {}): Promise<CreatedSession> {
  const res = await fetch(`${APP_URL}/api/v1/connect/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${readDemoKey()}`, "content-type": "application/json" },
    body: JSON.stringify({ end_user: { id: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, name: "Müller Logistik GmbH" }, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CreatedSession;
}

export const test = base.extend<object, { demoKey: string; createSession: typeof createSession }>({
  // Fixture callbacks name their argument `provide`: `use` would read as a React hook to the linter.
  demoKey: [async ({}, provide) => provide(readDemoKey()), { scope: "worker" }],
  createSession: [async ({}, provide) => provide(createSession), { scope: "worker" }],
});

export { expect };
