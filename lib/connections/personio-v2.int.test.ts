// Personio moved from API v1 to v2 (docs/providers/personio.md). A connection the wizard saved while
// the check still spoke v1 keeps its credential exactly as stored then (client ID, secret and
// address: a Personio credential is the same for both versions), and must re-check green under v2
// without the admin doing anything, through the same entry point every trigger uses (`recheck`).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { createConnectSession } from "@/lib/connect/session";
import { connections, events, workspaces, type ConnectionStatus, type Workspace } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { getProvider } from "@/lib/providers";
import type { CheckResult } from "@/lib/providers/types";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_ATTRIBUTES, PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";
import { recheck } from "./recheck";
import { saveCheckedConnection } from "./save";

const CLIENT = "personio-v1-era-client";
const CANARY = "personio-v1-era-CANARY-secret";
const actor: Actor = { type: "end_user", id: "customer-v1", ip: "203.0.113.21" };
const apiActor: Actor = { type: "api_key", id: "key_v2", ip: "198.51.100.21" };

/** What the v1 check reported when the wizard saved the connection (authenticated at /v1/auth). */
function v1EraCheck(): CheckResult {
  return {
    provider: "personio",
    outcome: "ok",
    message: { en: "ok", de: "ok", fr: "ok", es: "ok", it: "ok", nl: "ok" },
    scopes: [
      { scope: "employees", status: "granted", required: true, providerStatus: 200, latencyMs: 80 },
      { scope: "attendances", status: "granted", required: true, providerStatus: 200, latencyMs: 90 },
      { scope: "absences", status: "granted", required: false, providerStatus: 200, latencyMs: 70 },
    ],
    authStatus: 200,
    durationMs: 300,
    checkedAt: "2026-06-01T09:00:00.000Z",
  };
}

describe(`a Personio connection saved under API v1 re-checks under v2 on ${testDbKind()}`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let workspace: Workspace;

  beforeAll(async () => {
    t = await createTestDatabase();
    PERSONIO_SANDBOX_CLIENTS[CLIENT] = { areas: ["employees", "attendances", "absences", "documents"], attributes: [...PERSONIO_SANDBOX_ATTRIBUTES] };
    sandbox = await serveSandbox(createPersonioSandbox());
    setEnvOverrides({ PERSONIO_API_URL: sandbox.url });
    workspace = (await t.db.insert(workspaces).values({ id: "ws_pv2", slug: "pv2", name: "Personio v2" }).returning())[0]!;
  });
  afterAll(async () => {
    await sandbox?.close();
    delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
    await t?.drop();
  });

  /** Saves a connection the way the v1-era wizard did: its form values, sealed, with the v1 check's result. */
  async function savedUnderV1(status: ConnectionStatus): Promise<string> {
    const { session } = await createConnectSession(t.db, { workspace, input: { endUser: { id: `customer-${status}` }, providers: ["personio"] }, actor: { type: "system" } });
    const saved = await saveCheckedConnection(t.db, {
      session,
      workspace,
      provider: getProvider("personio")!,
      values: { clientId: CLIENT, clientSecret: PERSONIO_SANDBOX_SECRET, subdomain: "acme" },
      check: v1EraCheck(),
      actor,
      requiredScopes: ["employees", "attendances"],
      optionalScopes: ["absences"],
    });
    // e.g. v1 attendances answering 422 since July 2026 had put it in needs_attention.
    if (status !== "active") await t.db.update(connections).set({ status }).where(eq(connections.id, saved.connectionId));
    return saved.connectionId;
  }

  it.each<ConnectionStatus>(["active", "needs_attention"])("stored while %s: green under v2, and no v1 call past its deprecation date", async (from) => {
    const id = await savedUnderV1(from);
    const seen = sandbox.exchanges.length;
    const result = await recheck(id, { workspaceId: workspace.id, trigger: "api", actor: apiActor });
    expect(result.kind).toBe("checked");
    if (result.kind !== "checked") return;
    expect(result.check.outcome).toBe("ok");
    expect(result.check.scopes.map((s) => [s.scope, s.status])).toEqual([
      ["employees", "granted"],
      ["attendances", "granted"],
      ["absences", "granted"],
    ]);
    expect(result.status).toBe("active");
    const [row] = await t.db.select().from(connections).where(eq(connections.id, id));
    expect(row!.status).toBe("active");
    const recovered = await t.db.select().from(events).where(and(eq(events.connectionId, id), eq(events.type, "connection.recovered")));
    expect(recovered).toHaveLength(from === "needs_attention" ? 1 : 0);

    // What the re-check asked Personio: the v2 token (form-encoded, the stored ID and secret), v2
    // reads, and of v1 only the attributes whitelist, which has no v2 equivalent.
    const calls = sandbox.exchanges.slice(seen);
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
      ["POST /v2/auth/token", "GET /v2/persons", "GET /v1/company/employees/attributes", "GET /v2/attendance-periods", "GET /v2/absence-periods"].sort(),
    );
    const token = calls.find((c) => c.path === "/v2/auth/token")!;
    expect(token.requestHeaders?.["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(token.requestBody))).toEqual({ grant_type: "client_credentials", client_id: CLIENT, client_secret: PERSONIO_SANDBOX_SECRET });
    for (const c of calls) expect(c.path).not.toMatch(/^\/v1\/(auth|company\/attendances|company\/time-offs)/);
  });

  it("the stored secret never appears in the check result or the events", async () => {
    const { session } = await createConnectSession(t.db, { workspace, input: { endUser: { id: "customer-canary" }, providers: ["personio"] }, actor: { type: "system" } });
    // The sandbox accepts only its own secret; this connection's secret is a canary, so the v2 token request fails as wrong credentials.
    const saved = await saveCheckedConnection(t.db, {
      session,
      workspace,
      provider: getProvider("personio")!,
      values: { clientId: CLIENT, clientSecret: CANARY },
      check: v1EraCheck(),
      actor,
      requiredScopes: ["employees"],
      optionalScopes: [],
    });
    const result = await recheck(saved.connectionId, { workspaceId: workspace.id, trigger: "api", actor: apiActor });
    expect(result.kind === "checked" && result.check.outcome).toBe("invalid_credentials");
    const stored = await t.db.select().from(events).where(eq(events.connectionId, saved.connectionId));
    expect(JSON.stringify(result) + JSON.stringify(stored)).not.toContain(CANARY);
  });
});
