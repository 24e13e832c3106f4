// Every sealed column through a key rotation: rotate the master key, rewrap, remove the old key,
// restart from the new keyring alone, then open a credential and verify webhook signatures made
// with the endpoint's secrets (the current one and the previous one kept during a rotation's
// overlap, and one sealed by the code before the vault owned webhook secrets). And the start-up
// check: a keyring missing a key that a webhook secret uses stops start-up, naming the key id.
import { createCipheriv, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/audit";
import { webhookEndpoints, type WebhookEndpoint } from "@/lib/db/schema";
import { ConfigError, loadEnv } from "@/lib/env";
import { createWebhookEndpoint, rotateWebhookSecret } from "@/lib/handoff/webhooks/endpoints";
import { newId } from "@/lib/ids";
import { sealCredential } from "@/lib/vault/credentials";
import { countByColumn } from "@/lib/vault/registry";
import { openOAuthApp, saveOAuthApp } from "@/lib/vault/oauth-apps";
import { rewrapAll } from "@/lib/vault/rewrap";
import { initVault } from "@/lib/vault/startup";
import { getKeyProvider, setKeyProvider } from "@/lib/vault/state";
import { createConnections, createWorkspace, newKey, providerOf } from "@/lib/vault/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const actor: Actor = { type: "system", id: "registry-test" };
const [keyOld, keyNew] = [newKey("k2025"), newKey("k2026")];
const env = (keys: string, url: string) => loadEnv({ DATABASE_URL: url, LATCHKEY_DEMO: "true", LATCHKEY_MASTER_KEYS: keys, NODE_ENV: "test" });

/**
 * How webhook secrets were sealed before lib/vault owned them (lib/handoff/webhooks/secrets.ts up
 * to this change), verbatim but for names: stored values of that time must keep opening.
 */
async function sealTheOldWay(secret: string, ctx: { workspaceId: string; endpointId: string; secretId: string }): Promise<string> {
  const aad = (layer: string) => Buffer.from(`latchkey:webhook-secret:${layer}\u0000${ctx.workspaceId}\u0000${ctx.endpointId}\u0000${ctx.secretId}`, "utf8");
  const provider = getKeyProvider();
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: 16 });
  cipher.setAAD(aad("payload"));
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const { kekId, wrapped } = await provider.wrap(dataKey, aad("data-key"));
  dataKey.fill(0);
  return JSON.stringify({ v: 1, k: kekId, w: wrapped.toString("base64"), i: iv.toString("base64"), t: cipher.getAuthTag().toString("base64"), c: ct.toString("base64") });
}

/** Restart: no key provider in memory, fresh vault modules, the keyring from the configuration only. */
async function restart(keys: string, url: string) {
  setKeyProvider(undefined);
  vi.resetModules();
  const startup = await import("@/lib/vault/startup");
  return startup.initVault(env(keys, url), (await import("@/lib/db")).getDb());
}

async function verifies(endpoint: WebhookEndpoint, secret: string): Promise<boolean> {
  const { signatureHeader } = await import("@/lib/handoff/webhooks/deliver");
  const body = JSON.stringify({ id: "evt_1", type: "connection.created", data: {} });
  const timestamp = new Date();
  const headers = {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": await signatureHeader(endpoint, "evt_1", timestamp, body),
  };
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

describe(`every sealed column through a key rotation on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: string;
  let conn: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await createWorkspace(t.db);
    conn = (await createConnections(t.db, ws, 1, "personio"))[0]!;
  });
  afterAll(async () => {
    setKeyProvider(undefined);
    await t?.drop();
  });

  it("case 08: rotates, rewraps, drops the old key, restarts: the credential opens and every live webhook secret signs", async () => {
    setKeyProvider(providerOf(keyOld));
    await sealCredential(t.db, { workspaceId: ws, connectionId: conn, provider: "personio", values: { clientId: "cid", clientSecret: "cs-0123456789abcdef" }, actor });
    const created = await createWebhookEndpoint(t.db, { workspaceId: ws, url: "https://hooks.example.com/latchkey", actor });
    const rotated = await rotateWebhookSecret(t.db, { workspaceId: ws, endpointId: created.endpoint.id, overlapHours: 24, actor });
    // A second endpoint whose secret was sealed by the code of before this change.
    const legacyId = newId("whe");
    const legacySecretId = newId("whs");
    const legacySecret = `whsec_${randomBytes(32).toString("base64")}`;
    await t.db.insert(webhookEndpoints).values({
      id: legacyId,
      workspaceId: ws,
      url: "https://hooks.example.com/legacy",
      secrets: [{ id: legacySecretId, sealed: await sealTheOldWay(legacySecret, { workspaceId: ws, endpointId: legacyId, secretId: legacySecretId }), createdAt: new Date().toISOString() }],
    });
    await saveOAuthApp(t.db, { workspaceId: ws, provider: "justworks", clientId: "jw-client", clientSecret: "jw-secret-0123456789", preferred: true, actor });
    expect(await countByColumn(t.db)).toEqual({ credentials: { k2025: 1 }, "webhook_endpoints.secrets": { k2025: 3 }, oauth_apps: { k2025: 1 } });

    // 1. The new key goes first; 2. rewrap.
    const both = await restart(`${keyNew},${keyOld}`, t.url);
    expect(both.activeKeyId()).toBe("k2026");
    const summary = await rewrapAll(t.db, both, { batchSize: 1 });
    expect(summary.failures).toEqual([]);
    expect(summary.rewrapped).toBe(5);
    expect(summary.after).toEqual({ k2026: 5 });
    expect(summary.afterByColumn).toEqual({ credentials: { k2026: 1 }, "webhook_endpoints.secrets": { k2026: 3 }, oauth_apps: { k2026: 1 } });
    // Idempotent: a second run finds nothing.
    expect((await rewrapAll(t.db, both)).scanned).toBe(0);

    // 3. The old key is removed; a restart from the new keyring alone passes the start-up check.
    const only = await restart(keyNew, t.url);
    expect(only.keyIds()).toEqual(["k2026"]);
    const { openCredential: openAfter } = await import("@/lib/vault/credentials");
    const values = await openAfter(t.db, { workspaceId: ws, connectionId: conn, actor, reason: "rotation test" });
    expect(values.clientSecret!.reveal()).toBe("cs-0123456789abcdef");
    expect((await openOAuthApp(t.db, ws, "justworks"))!.clientSecret.reveal()).toBe("jw-secret-0123456789");

    const [endpoint] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.endpoint.id));
    expect(endpoint!.secrets).toHaveLength(2);
    expect(await verifies(endpoint!, rotated.secret)).toBe(true);
    expect(await verifies(endpoint!, created.secret)).toBe(true); // the previous secret, still in its overlap
    expect(await verifies(endpoint!, `whsec_${randomBytes(32).toString("base64")}`)).toBe(false);
    const [legacy] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, legacyId));
    expect(await verifies(legacy!, legacySecret)).toBe(true);
  });

  it("case 10: refuses to start when a webhook secret is sealed under a key the keyring lacks, naming the key id and no key material", async () => {
    const hooksOnly = newKey("hooks-only");
    setKeyProvider(providerOf(hooksOnly));
    const ws2 = await createWorkspace(t.db, "Hooks only");
    await createWebhookEndpoint(t.db, { workspaceId: ws2, url: "https://hooks.example.com/other", actor });
    setKeyProvider(undefined);
    const err = await initVault(env(keyNew, t.url), t.db).then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain(`1 webhook signing secret is sealed under key id "hooks-only", which is not in the keyring (it has: "k2026")`);
    expect(err!.message).not.toMatch(/stored credential/);
    for (const k of [keyOld, keyNew, hooksOnly]) expect(err!.message).not.toContain(k.split(":")[1]!.slice(0, 12));
    // With that key back behind the active one, start-up passes.
    const provider = await initVault(env(`${keyNew},${hooksOnly}`, t.url), t.db);
    expect(provider.keyIds()).toEqual(["k2026", "hooks-only"]);
  });
});
