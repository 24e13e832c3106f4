// Demo mode: a demo workspace (and, as later parts arrive, its API key, admin and sandbox data).
import fs from "node:fs";
import path from "node:path";
import { and, eq, like, sql } from "drizzle-orm";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import type { Db } from "@/lib/db";
import { displayParts, generateApiKey, insertApiKey, isApiKeyFormat } from "@/lib/db/queries/api-keys";
import { apiKeyPermissions, apiKeys, checkRuns, connectSessions, sessionEvents, workspaces, type NewCheckRun, type NewConnectSession, type Workspace } from "@/lib/db/schema";
import { funnelStageOf } from "@/lib/connect/funnel";
import { listProviders } from "@/lib/providers";
import type { ProviderDefinition } from "@/lib/providers/types";
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
  await ensureDemoInsights(db);
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

const DEMO_SESSION_PREFIX = "cs_demo_";

/**
 * Four weeks of past connect sessions, so that the dashboard's Insights page has a funnel and top
 * missing permissions to show: customers who never opened the link, stopped on a step, failed a
 * check (mostly a permission not ticked, some wrong credentials, a few rate limits and provider
 * outages), and connected. Deterministic, written once per data directory in three multi-row
 * inserts (a few milliseconds on the embedded database). The sessions are expired or used; they
 * make no connections. Each session's funnel stage comes from its events through the one rule
 * (lib/connect/funnel.ts).
 */
export async function ensureDemoInsights(db: Db, opts: { sessions?: number; now?: Date } = {}): Promise<void> {
  const [seeded] = await db
    .select({ id: connectSessions.id })
    .from(connectSessions)
    .where(and(eq(connectSessions.workspaceId, DEMO_WORKSPACE_ID), like(connectSessions.id, `${DEMO_SESSION_PREFIX}%`)))
    .limit(1);
  if (seeded) return;
  const { sessions, events, checks } = demoInsightsRows(opts.sessions ?? 480, opts.now ?? new Date());
  await db.transaction(async (tx) => {
    await tx.insert(connectSessions).values(sessions);
    // One parameter for every row (set-based): thousands of bound parameters cost the embedded
    // database seconds.
    await tx.execute(sql`
      insert into ${sessionEvents} (session_id, workspace_id, type, step, code, provider, created_at)
      select session_id, workspace_id, type, step, code, provider, created_at
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          as x(session_id text, workspace_id text, type text, step text, code text, provider text, created_at timestamptz)`);
    await tx.insert(checkRuns).values(checks);
  });
}

type DemoEvent = { type: "opened" | "step" | "error" | "success"; step: string; code?: string; provider?: string; at: Date };

/** The demo's sessions, their events and check runs (pure, seeded pseudo-random: the same every time). */
export function demoInsightsRows(n: number, now: Date) {
  // mulberry32: a small seeded generator (32-bit integer arithmetic through Math.imul).
  let seed = 20261203;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(weighted: Array<[T, number]>): T => {
    let r = rnd() * weighted.reduce((a, [, w]) => a + w, 0);
    for (const [v, w] of weighted) if ((r -= w) < 0) return v;
    return weighted[weighted.length - 1]![0];
  };
  // Providers by registry order, the first most often chosen; what customers forget to tick is
  // mostly a permission the provider's default set has as optional (and the vendor requires).
  const offered = listProviders().map((d, k): [ProviderDefinition, number] => [d, Math.max(1, 4 - k) * 10]);
  const forgotten = (def: ProviderDefinition): Array<[string, number]> => [
    ...def.defaultScopes.optional.map((s, k): [string, number] => [s, 12 / (k + 1)]),
    ...def.defaultScopes.required.map((s): [string, number] => [s, 2]),
  ];
  const names = ["Anna Keller", "Ben Ortiz", "Clara Brandt", "David Chen", "Emma Novak", "Felix Roth", "Greta Lind", "Hannah Weiss", "Jonas Berg", "Mia Costa"];
  const sessions: NewConnectSession[] = [];
  const events: Array<{ session_id: string; workspace_id: string; type: string; step: string; code: string | null; provider: string | null; created_at: string }> = [];
  const checks: NewCheckRun[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${DEMO_SESSION_PREFIX}${String(i).padStart(4, "0")}`;
    const createdAt = new Date(now.getTime() - (1 + rnd() * 27) * 86400_000);
    let t = createdAt.getTime();
    const next = (seconds: number) => new Date((t += (5 + rnd() * seconds) * 1000));
    const def = pick(offered);
    const provider = def.id;
    const single = rnd() < 0.3;
    const serviceUser = def.flow === "service_user";
    // How far this customer gets.
    const goal = pick<string>([["unopened", 12], ["picker", 7], ["prerequisites", 9], ["guide", 12], ["form", 9], ["failed", 21], ["connected", 30]]);
    const evs: DemoEvent[] = [];
    if (goal !== "unopened") {
      evs.push({ type: "opened", step: "opened", at: next(3600) });
      if (!single) evs.push({ type: "step", step: "picker", at: next(20) });
      const steps = serviceUser ? ["prerequisites", "guide"] : ["prerequisites", "guide", "form"];
      const until = goal === "picker" ? 0 : goal === "prerequisites" ? 1 : goal === "guide" ? 2 : steps.length;
      for (const step of steps.slice(0, until)) evs.push({ type: "step", step, provider, at: next(240) });
      if ((goal === "failed" || goal === "connected") && !serviceUser) {
        // Some who connect in the end failed a check first.
        const failures = goal === "failed" ? 1 + Math.floor(rnd() * 2) : rnd() < 0.35 ? 1 : 0;
        for (let f = 0; f < failures; f++) {
          const outcome = pick<string>([["missing_scopes", 66], ["invalid_credentials", 22], ["rate_limited", 4], ["provider_unreachable", 5], ["provider_error", 3]]);
          evs.push({ type: "step", step: "check", provider, at: next(60) });
          const at = next(4);
          evs.push({ type: "error", step: "check", code: outcome, provider, at });
          evs.push({ type: "step", step: "result", provider, at: next(2) });
          const required: string[] = [...def.defaultScopes.required];
          const optional: string[] = [...def.defaultScopes.optional];
          const lacking = outcome === "missing_scopes" ? pick(forgotten(def)) : null;
          const scopeResults: NewCheckRun["scopeResults"] = {};
          for (const scope of new Set([...required, ...optional, ...(lacking ? [lacking] : [])])) {
            const isRequired = required.includes(scope) || scope === lacking;
            scopeResults[scope] =
              outcome === "missing_scopes" ? { status: scope === lacking ? "missing" : "granted", required: isRequired } : { status: "unknown", required: isRequired };
          }
          checks.push({ id: `chk_demo_${i}_${f}`, workspaceId: DEMO_WORKSPACE_ID, sessionId: id, provider, trigger: "wizard", outcome, scopeResults, authStatus: outcome === "invalid_credentials" ? 401 : outcome === "rate_limited" ? 429 : outcome === "missing_scopes" ? 200 : null, durationMs: 300 + Math.floor(rnd() * 900), createdAt: at });
          if (f + 1 < failures || goal === "connected") evs.push({ type: "step", step: "form", provider, at: next(300) });
        }
      }
      if (goal === "connected") {
        if (!serviceUser) evs.push({ type: "step", step: "check", provider, at: next(60) });
        evs.push({ type: "success", step: serviceUser ? "service_user_state" : "result", provider, at: next(5) });
      }
    }
    const last = evs[evs.length - 1];
    const lastError = [...evs].reverse().find((e) => e.type === "error" || e.type === "success");
    const hosted = rnd() < 0.4;
    sessions.push({
      id,
      workspaceId: DEMO_WORKSPACE_ID,
      // Not a hash of any token: these sessions can never be opened.
      tokenHash: `demo-seed-${id}`,
      endUserId: `demo-customer-${1000 + i}`,
      endUserName: names[i % names.length]!,
      providers: single ? [provider] : null,
      link: hosted ? "hosted" : "embed",
      expiresAt: new Date(createdAt.getTime() + (hosted ? 7 * 86400_000 : 30 * 60_000)),
      usedAt: goal === "connected" ? last!.at : null,
      lastStep: [...evs].reverse().find((e) => e.step)?.step ?? null,
      lastErrorCode: lastError?.type === "error" ? lastError.code! : null,
      lastActivityAt: last?.at ?? null,
      funnelStage: Math.max(0, ...evs.map((e) => funnelStageOf(e))),
      funnelProvider: [...evs].reverse().find((e) => e.provider)?.provider ?? (single ? provider : null),
      createdAt,
    });
    for (const e of evs) events.push({ session_id: id, workspace_id: DEMO_WORKSPACE_ID, type: e.type, step: e.step, code: e.code ?? null, provider: e.provider ?? null, created_at: e.at.toISOString() });
  }
  return { sessions, events, checks };
}
