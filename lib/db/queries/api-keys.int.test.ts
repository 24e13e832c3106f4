import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import { DEMO_API_KEY_ID, DEMO_WORKSPACE_ID, ensureDemoApiKey, ensureDemoWorkspace, readDemoApiKey } from "@/lib/demo";
import { apiKeys, auditLog, workspaces } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { apikeyCreate } from "@/scripts/cli/apikey-create";
import { apikeyRevoke } from "@/scripts/cli/apikey-revoke";
import { workspaceCreate } from "@/scripts/cli/workspace-create";
import { apikeyList, workspaceOrigins } from "@/scripts/cli/workspace-list";
import { createTestDatabase, type TestDatabase } from "@/test/db";

async function output(run: () => Promise<void>): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe(`workspaces and API keys on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-keys-"));
    setEnvOverrides({ LATCHKEY_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("workspace:create validates origins and stores them bare", async () => {
    await expect(workspaceCreate.run({ name: "Bad", origin: "https://app.bad.example/settings" })).rejects.toThrow(/without a path/);
    const out = await output(() => workspaceCreate.run({ name: "Acme Payroll", origin: "https://App.Acme.example,http://localhost:3001" }));
    expect(out).toContain("acme-payroll");
    const [ws] = await t.db.select().from(workspaces).where(eq(workspaces.slug, "acme-payroll"));
    expect(ws!.allowedOrigins).toEqual(["https://app.acme.example", "http://localhost:3001"]);
  });

  it("workspace:origins replaces the origins, validated", async () => {
    await expect(workspaceOrigins.run({ workspace: "acme-payroll", origin: "http://plain.example" })).rejects.toThrow(/use https/);
    await output(() => workspaceOrigins.run({ workspace: "acme-payroll", origin: "https://new.acme.example" }));
    const [ws] = await t.db.select().from(workspaces).where(eq(workspaces.slug, "acme-payroll"));
    expect(ws!.allowedOrigins).toEqual(["https://new.acme.example"]);
  });

  it("apikey:create prints the key once and stores only its hash; apikey:revoke revokes it", async () => {
    await expect(apikeyCreate.run({ workspace: "acme-payroll", permissions: "sessions:write,root" })).rejects.toThrow(/Unknown permission "root"/);
    const out = await output(() => apikeyCreate.run({ workspace: "acme-payroll", permissions: "sessions:write,connections:read" }));
    const key = /(lk_[A-Za-z0-9_-]{43})/.exec(out)?.[1];
    expect(key).toBeTruthy();
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.hash, hashApiKey(key!)));
    expect(row).toMatchObject({ permissions: ["sessions:write", "connections:read"], prefix: key!.slice(0, 7), lastFour: key!.slice(-4), revokedAt: null });
    expect(JSON.stringify(await t.db.select().from(apiKeys))).not.toContain(key);
    expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(key);
    const listed = await output(() => apikeyList.run({ workspace: "acme-payroll" }));
    expect(listed).toContain(`${key!.slice(0, 7)}…${key!.slice(-4)}`);
    expect(listed).not.toContain(key);
    await output(() => apikeyRevoke.run({ id: row!.id }));
    const [revoked] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, row!.id));
    expect(revoked!.revokedAt).toBeInstanceOf(Date);
  });

  it("keeps the demo key in <dataDir>/demo-api-key (0600), stable across starts, its hash in step", async () => {
    await ensureDemoWorkspace(t.db);
    const key = readDemoApiKey();
    expect(key).toMatch(/^lk_/);
    const file = path.join(dataDir, "demo-api-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await ensureDemoApiKey(t.db)).toBe(key);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, DEMO_API_KEY_ID));
    expect(row).toMatchObject({ workspaceId: DEMO_WORKSPACE_ID, hash: hashApiKey(key!) });
    // A revoked or stale demo key is put right at the next start.
    await t.db.update(apiKeys).set({ hash: "stale", revokedAt: new Date() }).where(eq(apiKeys.id, DEMO_API_KEY_ID));
    await ensureDemoApiKey(t.db);
    const [fixed] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, DEMO_API_KEY_ID));
    expect(fixed).toMatchObject({ hash: hashApiKey(key!), revokedAt: null });
  });
});
