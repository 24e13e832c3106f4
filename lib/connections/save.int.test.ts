import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/audit";
import { createConnectSession, ConnectSessionError } from "@/lib/connect/session";
import { auditLog, checkRuns, connections, connectSessions, credentials, events, workspaces, type Workspace } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { getProvider } from "@/lib/providers";
import type { CheckResult } from "@/lib/providers/types";
import { openCredential } from "@/lib/vault";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { saveCheckedConnection, saveServiceUserInvitation } from "./save";

// Make one part of the transaction fail on demand, after the earlier parts have written.
const failing = vi.hoisted(() => ({ seal: false, event: false, audit: false }));
vi.mock("@/lib/vault", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/vault")>();
  return { ...m, sealCredential: async (...a: Parameters<typeof m.sealCredential>) => (failing.seal ? Promise.reject(new Error("seal failed")) : m.sealCredential(...a)) };
});
vi.mock("@/lib/handoff/outbox", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/handoff/outbox")>();
  return { ...m, emitEvent: async (...a: Parameters<typeof m.emitEvent>) => (failing.event ? Promise.reject(new Error("event failed")) : m.emitEvent(...a)) };
});
vi.mock("@/lib/audit", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/audit")>();
  return { ...m, recordAudit: async (...a: Parameters<typeof m.recordAudit>) => (failing.audit && a[1].action.startsWith("connection.") ? Promise.reject(new Error("audit failed")) : m.recordAudit(...a)) };
});

const CANARY = "CANARY-s3cr3t-7f1d2c";
const values = { accessKey: "AK-visible-1234", secretAccessKey: CANARY };
const actor: Actor = { type: "end_user", id: "customer-1", ip: "203.0.113.9" };
const hrworks = () => getProvider("hrworks")!;

function check(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    provider: "hrworks",
    outcome: "ok",
    message: { en: "ok", de: "ok" },
    scopes: [
      { scope: "employees", status: "granted", required: true, providerStatus: 200, latencyMs: 12 },
      { scope: "departments", status: "granted", required: true, providerStatus: 200, latencyMs: 9 },
      { scope: "absences", status: "missing", required: false, providerStatus: 403, latencyMs: 8 },
    ],
    accountLabel: "Müller GmbH",
    authStatus: 200,
    durationMs: 40,
    ...overrides,
  };
}

let t: TestDatabase;
let workspace: Workspace;

async function newSession(extra: Parameters<typeof createConnectSession>[1]["input"] = {}) {
  return (await createConnectSession(t.db, { workspace, input: { endUser: { id: "customer-1", name: "Müller GmbH" }, ...extra }, actor: { type: "system" } })).session;
}

async function counts() {
  const n = async (table: typeof connections | typeof credentials | typeof events | typeof checkRuns) =>
    Number((await t.db.select({ n: count() }).from(table).where(eq(table.workspaceId, workspace.id)))[0]!.n);
  const audits = Number(
    (await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.targetType, "connection"))))[0]!.n,
  );
  return { connections: await n(connections), credentials: await n(credentials), events: await n(events), checkRuns: await n(checkRuns), audits };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const [ws] = await t.db.insert(workspaces).values({ id: newId("ws"), slug: newId("s"), name: "Acme", providerSettings: { justworks: { emailDomain: "sync.acme.example" } } }).returning();
  workspace = ws!;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  failing.seal = failing.event = failing.audit = false;
});

describe("saveCheckedConnection", () => {
  it("writes connection, sealed credential, event, audit entry, check run and the session's use in one go", async () => {
    const session = await newSession();
    const saved = await saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: ["employees", "departments"], optionalScopes: ["absences"] });
    expect(saved).toMatchObject({ status: "active", version: 1, mode: "create", optionalMissing: ["absences"] });

    const [conn] = await t.db.select().from(connections).where(eq(connections.id, saved.connectionId));
    expect(conn).toMatchObject({ provider: "hrworks", status: "active", accountLabel: "Müller GmbH", endUserId: "customer-1" });
    expect(conn!.scopeResults.absences).toMatchObject({ status: "missing", required: false });

    const [ev] = await t.db.select().from(events).where(eq(events.connectionId, saved.connectionId));
    expect(ev!.type).toBe("connection.created");
    const [run] = await t.db.select().from(checkRuns).where(eq(checkRuns.connectionId, saved.connectionId));
    expect(run).toMatchObject({ outcome: "ok", trigger: "wizard", sessionId: session.id });
    const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(s!.usedAt).not.toBeNull();
    expect(s!.connectionId).toBe(saved.connectionId);

    const opened = await openCredential(t.db, { workspaceId: workspace.id, connectionId: saved.connectionId, actor: { type: "system" }, reason: "test" });
    expect(opened.secretAccessKey!.reveal()).toBe(CANARY);

    // The secret is in the vault only: not in the connection, the event, the audit log or the check run.
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, saved.connectionId));
    const creds = await t.db.select().from(credentials).where(eq(credentials.connectionId, saved.connectionId));
    expect(JSON.stringify({ conn, ev, run, audits, saved, creds: creds.map((c) => ({ ...c, ciphertext: c.ciphertext?.toString("latin1") })) })).not.toContain(CANARY);
  });

  for (const part of ["seal", "event", "audit"] as const) {
    it(`case 38: leaves nothing half-saved when the ${part} fails`, async () => {
      const session = await newSession();
      const before = await counts();
      failing[part] = true;
      await expect(
        saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: ["employees"], optionalScopes: [] }),
      ).rejects.toThrow(`${part} failed`);
      expect(await counts()).toEqual(before);
      const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
      expect(s!.usedAt).toBeNull();

      // The same session still works once the fault is gone.
      failing[part] = false;
      await saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: ["employees"], optionalScopes: [] });
      expect((await counts()).connections).toBe(before.connections + 1);
    });
  }

  it("case 39: refuses a used session and writes nothing more", async () => {
    const session = await newSession();
    await saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: [], optionalScopes: [] });
    const before = await counts();
    const second = saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: [], optionalScopes: [] });
    await expect(second).rejects.toBeInstanceOf(ConnectSessionError);
    await expect(second).rejects.toMatchObject({ code: "session_used" });
    expect(await counts()).toEqual(before);
  });

  it("saves nothing when a required permission is missing", async () => {
    const session = await newSession();
    const before = await counts();
    const missing = check({
      outcome: "missing_scopes",
      scopes: [
        { scope: "employees", status: "missing", required: true },
        { scope: "departments", status: "granted", required: true },
      ],
    });
    await expect(
      saveCheckedConnection(t.db, { session, workspace, provider: hrworks(), values, check: missing, actor, requiredScopes: ["employees"], optionalScopes: [] }),
    ).rejects.toMatchObject({ code: "missing_scopes" });
    expect(await counts()).toEqual(before);
  });

  it("reconnect: a new credential version and connection.updated", async () => {
    const first = await saveCheckedConnection(t.db, { session: await newSession(), workspace, provider: hrworks(), values, check: check(), actor, requiredScopes: [], optionalScopes: [] });
    const session = await newSession({ connectionId: first.connectionId });
    expect(session.mode).toBe("reconnect");
    const again = await saveCheckedConnection(t.db, {
      session,
      workspace,
      provider: hrworks(),
      values: { accessKey: "AK-new-5678", secretAccessKey: "new-secret" },
      check: check({ accountLabel: "Müller AG" }),
      actor,
      requiredScopes: [],
      optionalScopes: [],
    });
    expect(again).toMatchObject({ connectionId: first.connectionId, version: 2, mode: "reconnect" });
    const evs = await t.db.select().from(events).where(eq(events.connectionId, first.connectionId));
    expect(evs.map((e) => e.type)).toEqual(["connection.created", "connection.updated"]);
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, first.connectionId));
    expect(conn!.accountLabel).toBe("Müller AG");
    const opened = await openCredential(t.db, { workspaceId: workspace.id, connectionId: first.connectionId, actor: { type: "system" }, reason: "test" });
    expect(opened.secretAccessKey!.reveal()).toBe("new-secret");
  });
});

describe("saveServiceUserInvitation (Justworks)", () => {
  const flow = getServiceUserFlow("justworks")!;
  it("creates a pending connection awaiting the invitation, with no credential", async () => {
    const session = await newSession({ providers: ["justworks"] });
    const serviceUser = { firstName: "Acme", email: "acme-1234@sync.acme.example" };
    const saved = await saveServiceUserInvitation(t.db, { session, workspace, flow, providerState: flow.createState({ serviceUser, requiredScopes: [] }), requiredScopes: [], optionalScopes: [], actor });
    expect(saved.status).toBe("pending");
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, saved.connectionId));
    expect(conn!.providerState).toMatchObject({ state: "awaiting_invitation", serviceUser });
    expect(await t.db.select().from(credentials).where(eq(credentials.connectionId, saved.connectionId))).toHaveLength(0);
    const [ev] = await t.db.select().from(events).where(eq(events.connectionId, saved.connectionId));
    expect(ev!.type).toBe("justworks.invitation_sent");
    const [s] = await t.db.select().from(connectSessions).where(eq(connectSessions.id, session.id));
    expect(s!.connectionId).toBe(saved.connectionId);
  });

  it("leaves nothing when the event fails", async () => {
    const session = await newSession({ providers: ["justworks"] });
    const before = await counts();
    failing.event = true;
    await expect(
      saveServiceUserInvitation(t.db, { session, workspace, flow, providerState: flow.createState({ serviceUser: { firstName: "Acme", email: "a@b.example" }, requiredScopes: [] }), requiredScopes: [], optionalScopes: [], actor }),
    ).rejects.toThrow("event failed");
    expect(await counts()).toEqual(before);
  });
});
