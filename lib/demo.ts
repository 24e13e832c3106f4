// Demo mode: a demo workspace (and, as later parts arrive, its API key, admin and sandbox data).
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import type { Db } from "@/lib/db";
import { displayParts, generateApiKey, insertApiKey, isApiKeyFormat } from "@/lib/db/queries/api-keys";
import { apiKeyPermissions, apiKeys, workspaces, type Workspace } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { demoProviderSettings } from "@/lib/providers/settings";
import { sandboxOAuthClients } from "@/lib/sandbox";
// The inner file: lib/boot.ts loads this outside Next, where the "server-only" marker of @/lib/vault throws.
import { findOAuthApp, saveOAuthApp } from "@/lib/vault/oauth-apps";

export const DEMO_WORKSPACE_ID = "ws_demo";

export async function ensureDemoWorkspace(db: Db): Promise<Workspace> {
  const ws = await upsertDemoWorkspace(db);
  await ensureDemoApiKey(db);
  await ensureDemoOAuthApps(db);
  return ws;
}

/** A sandbox OAuth app for each simulator that has one, unless the workspace already has an app there; not preferred, so the provider's own route stays first and "sign in with …" is the other way. */
export async function ensureDemoOAuthApps(db: Db): Promise<void> {
  for (const [provider, client] of Object.entries(sandboxOAuthClients)) {
    if (!client || (await findOAuthApp(db, DEMO_WORKSPACE_ID, provider))) continue;
    await db.transaction((tx) => saveOAuthApp(tx, { workspaceId: DEMO_WORKSPACE_ID, provider, clientId: client.clientId, clientSecret: client.clientSecret, preferred: false, actor: { type: "system", id: "demo" } }));
  }
}

export const DEMO_API_KEY_ID = "key_demo";
const demoKeyFile = () => path.join(getEnv().dataDir, "demo-api-key");

/** The demo key, if this data directory has one (the start-up banner prints it). */
export function readDemoApiKey(): string | null {
  try {
    const key = fs.readFileSync(demoKeyFile(), "utf8").trim();
    return isApiKeyFormat(key) ? key : null;
  } catch {
    return null;
  }
}

/**
 * Only a key's hash is stored, yet the demo must print its key at every start: the key lives in
 * <dataDir>/demo-api-key (0600), made once per data directory, and its hash is kept in step.
 */
export async function ensureDemoApiKey(db: Db): Promise<string> {
  let key = readDemoApiKey();
  if (!key) {
    key = generateApiKey();
    fs.mkdirSync(getEnv().dataDir, { recursive: true });
    fs.writeFileSync(demoKeyFile(), key + "\n", { mode: 0o600 });
  }
  const [existing] = await db.select().from(apiKeys).where(eq(apiKeys.id, DEMO_API_KEY_ID));
  if (!existing) {
    await insertApiKey(db, { id: DEMO_API_KEY_ID, workspaceId: DEMO_WORKSPACE_ID, name: "Demo key", permissions: [...apiKeyPermissions], key });
  } else if (existing.hash !== hashApiKey(key) || existing.revokedAt) {
    await db.update(apiKeys).set({ hash: hashApiKey(key), ...displayParts(key), revokedAt: null }).where(eq(apiKeys.id, DEMO_API_KEY_ID));
  }
  return key;
}

async function upsertDemoWorkspace(db: Db): Promise<Workspace> {
  const env = getEnv();
  const origins = [env.demoHostUrl, `http://127.0.0.1:${env.LATCHKEY_DEMO_PORT}`, ...env.LATCHKEY_DEMO_ORIGINS];
  const existing = await db.select().from(workspaces).where(eq(workspaces.id, DEMO_WORKSPACE_ID));
  if (existing[0]) {
    // The demo port may have changed between starts: keep the host page's origin allowed.
    const missing = origins.filter((o) => !existing[0]!.allowedOrigins.includes(o));
    if (!missing.length) return existing[0];
    const [updated] = await db
      .update(workspaces)
      .set({ allowedOrigins: [...existing[0].allowedOrigins, ...missing], updatedAt: new Date() })
      .where(eq(workspaces.id, DEMO_WORKSPACE_ID))
      .returning();
    return updated!;
  }
  const [created] = await db
    .insert(workspaces)
    .values({
      id: DEMO_WORKSPACE_ID,
      slug: "demo",
      name: "Acme Payroll (demo)",
      allowedOrigins: origins,
      branding: { displayName: "Acme Payroll", accentColor: "#4f46e5" },
      defaultLanguage: "en",
      providerSettings: demoProviderSettings(),
      isDemo: true,
    })
    .returning();
  return created!;
}
