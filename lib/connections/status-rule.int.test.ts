// The status rule through each trigger's real entry point, against the Personio sandbox: the
// wizard's reconnect (the `startCheck` server action), the dashboard's re-check (its operation),
// the daily health check (the queue job's function) and the API (`recheck` with an API key as the
// actor), × every check outcome × both starting statuses. Asserts the status, the events, the
// audit entries and the check run; the event payloads and audit shapes must not depend on the trigger.
import { and, asc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/audit";
import type { Staff } from "@/lib/auth/staff";
import { createConnectSession } from "@/lib/connect/session";
import { auditLog, checkRuns, connections, credentials, events, workspaces, type ConnectionStatus, type ScopeResult } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_ATTRIBUTES, PERSONIO_SANDBOX_CLIENTS, PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { sealCredential } from "@/lib/vault";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

vi.mock("@/auth", () => ({ sessionStaff: async () => null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.77", "user-agent": "vitest" }) }));

const { startCheck } = await import("@/app/(connect)/connect/[token]/actions");
const { recheckConnectionOp } = await import("@/app/(dashboard)/dashboard/_lib/operations");
const { runHealthCheck } = await import("./health-checks");
const { recheck } = await import("./recheck");

const CLIENT = "personio-status-rule-test";
const WS = "ws_rule";
const ALL_AREAS = ["employees", "attendances", "absences", "documents"] as const;
const admin: Staff = { id: "staff_rule", email: "admin@support.test", name: null, role: "admin", workspaceIds: null, ip: "198.51.100.7", userAgent: "vitest" };
const apiActor: Actor = { type: "api_key", id: "key_rule", ip: "198.51.100.8" };

type Outcome = "ok" | "optional_lost" | "required_lost" | "invalid_credentials" | "rate_limited" | "provider_unreachable" | "provider_error";
type Trigger = "wizard" | "dashboard" | "schedule" | "api";

/** Make the sandbox answer the next check with `outcome`. */
function arrange(outcome: Outcome, sandboxUrl: string) {
  setEnvOverrides({ PERSONIO_API_URL: outcome === "provider_unreachable" ? "http://127.0.0.1:1" : sandboxUrl });
  const areas = ALL_AREAS.filter((a) => !(outcome === "optional_lost" && a === "absences") && !(outcome === "required_lost" && a === "employees"));
  if (outcome === "invalid_credentials") delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
  else PERSONIO_SANDBOX_CLIENTS[CLIENT] = { areas: [...areas], attributes: [...PERSONIO_SANDBOX_ATTRIBUTES], rateLimited: outcome === "rate_limited", malformed: outcome === "provider_error" };
}

const CHECK_OUTCOME: Record<Outcome, string> = {
  ok: "ok",
  optional_lost: "ok",
  required_lost: "missing_scopes",
  invalid_credentials: "invalid_credentials",
  rate_limited: "rate_limited",
  provider_unreachable: "provider_unreachable",
  provider_error: "provider_error",
};

type Expected = { status: ConnectionStatus; events: string[] };
const same = (from: ConnectionStatus): Expected => ({ status: from, events: [] });

/** The rule, written out once more by hand (status-rule.ts says why each line is so). */
function expected(trigger: Trigger, outcome: Outcome, from: ConnectionStatus): Expected {
  const back = from === "needs_attention" ? ["connection.recovered"] : [];
  if (trigger === "wizard") {
    // A new credential: saved (connection.updated) only when the rule accepts it.
    if (outcome === "ok") return { status: "active", events: ["connection.updated", ...back] };
    if (outcome === "optional_lost") return { status: "active", events: ["connection.updated", ...back, "connection.check_warning"] };
    return same(from);
  }
  if (outcome === "ok") return { status: "active", events: back };
  if (outcome === "optional_lost") return { status: "active", events: [...back, "connection.check_warning"] };
  if (outcome === "required_lost" || outcome === "invalid_credentials")
    return { status: "needs_attention", events: from === "needs_attention" ? [] : ["connection.check_failed"] };
  return same(from);
}

const granted = (required: boolean): ScopeResult => ({ status: "granted", required });

describe(`the status rule through every trigger (${testDbKind()})`, () => {
  let t: TestDatabase;
  let sandbox: SandboxServer;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await serveSandbox(createPersonioSandbox());
    setEnvOverrides({ PERSONIO_API_URL: sandbox.url, PROVIDER_TIMEOUT_MS: "3000" });
    await t.db.insert(workspaces).values({ id: WS, slug: "rule", name: "Rule", allowedOrigins: ["https://app.rule.example"] });
  });
  afterAll(async () => {
    delete PERSONIO_SANDBOX_CLIENTS[CLIENT];
    await sandbox?.close();
    await t?.drop();
  });

  /** A linked Personio connection in `from`, its stored results saying what `from` implies. */
  async function connectionIn(from: ConnectionStatus): Promise<string> {
    const id = `conn_rule_${++n}`;
    await t.db.transaction(async (tx) => {
      await tx.insert(connections).values({
        id,
        workspaceId: WS,
        endUserId: `rule-user-${n}`,
        provider: "personio",
        status: from,
        requiredScopes: ["employees"],
        optionalScopes: ["absences", "attendances"],
        scopeResults: {
          employees: from === "needs_attention" ? { status: "missing", required: true } : granted(true),
          absences: granted(false),
          attendances: granted(false),
        },
      });
      await sealCredential(tx, { workspaceId: WS, connectionId: id, provider: "personio", values: { clientId: CLIENT, clientSecret: PERSONIO_SANDBOX_SECRET }, actor: { type: "system" } });
    });
    return id;
  }

  async function drive(trigger: Trigger, id: string): Promise<void> {
    switch (trigger) {
      case "wizard": {
        const { token } = await createConnectSession(t.db, { workspace: (await t.db.select().from(workspaces).where(eq(workspaces.id, WS)))[0]!, input: { connectionId: id }, actor: { type: "system" } });
        const started = await startCheck(token, "personio", { clientId: CLIENT, clientSecret: PERSONIO_SANDBOX_SECRET }, "en");
        expect(started.ok).toBe(true);
        if (started.ok) expect((await started.data.result).ok).toBe(true);
        return;
      }
      case "dashboard":
        await recheckConnectionOp(admin, id);
        return;
      case "schedule":
        await runHealthCheck(t.db, { connectionId: id, workspaceId: WS });
        return;
      case "api":
        await recheck(id, { workspaceId: WS, trigger: "api", actor: apiActor });
        return;
    }
  }

  const actorType: Record<Trigger, string> = { wizard: "end_user", dashboard: "staff", schedule: "system", api: "api_key" };
  const payloadKeys = ["connection_id", "lost_scopes", "missing_optional_scopes", "missing_required_scopes", "outcome", "provider", "status", "trigger"];

  const triggers: Trigger[] = ["wizard", "dashboard", "schedule", "api"];
  const outcomes: Outcome[] = ["ok", "optional_lost", "required_lost", "invalid_credentials", "rate_limited", "provider_unreachable", "provider_error"];
  const cases = triggers.flatMap((trigger) => outcomes.flatMap((outcome) => (["active", "needs_attention"] as const).map((from) => [trigger, outcome, from] as const)));

  it.each(cases)("%s: %s from %s", async (trigger, outcome, from) => {
    const id = await connectionIn(from);
    const [{ seq: eventMark }] = (await t.pool.query<{ seq: string }>("select coalesce(max(seq), 0) as seq from events")).rows as [{ seq: string }];
    const [{ id: auditMark }] = (await t.pool.query<{ id: string }>("select coalesce(max(id), 0) as id from audit_log")).rows as [{ id: string }];
    const credentialBefore = (await t.db.select().from(credentials).where(eq(credentials.connectionId, id)))[0]!;
    arrange(outcome, sandbox.url);
    await drive(trigger, id);

    const want = expected(trigger, outcome, from);
    const conn = (await t.db.select().from(connections).where(eq(connections.id, id)))[0]!;
    expect(conn.status).toBe(want.status);

    const evs = await t.db.select().from(events).where(and(eq(events.connectionId, id), gt(events.seq, Number(eventMark)))).orderBy(asc(events.seq));
    expect(evs.map((e) => e.type)).toEqual(want.events);
    for (const e of evs.filter((e) => e.type !== "connection.updated")) {
      expect(Object.keys(e.payload).sort()).toEqual(payloadKeys);
      expect(e.payload).toMatchObject({ connection_id: id, trigger, status: want.status, outcome: CHECK_OUTCOME[outcome] });
    }

    const runs = await t.db.select().from(checkRuns).where(eq(checkRuns.connectionId, id));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger, outcome: CHECK_OUTCOME[outcome], provider: "personio" });

    const audits = (await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), gt(auditLog.id, Number(auditMark))))).filter((a) => a.action.startsWith("connection."));
    const saved = trigger === "wizard" && want.events.includes("connection.updated");
    if (trigger === "wizard") expect(audits.map((a) => a.action)).toEqual(saved ? ["connection.reconnected"] : []);
    else {
      expect(audits.map((a) => a.action)).toEqual(["connection.rechecked"]);
      expect(audits[0]!.details).toMatchObject({ trigger, outcome: CHECK_OUTCOME[outcome], from, to: want.status, events: want.events });
    }
    for (const a of audits) expect(a.actorType).toBe(actorType[trigger]);

    // A refused reconnect keeps the stored credential; a re-check never replaces it.
    const credentialAfter = (await t.db.select().from(credentials).where(eq(credentials.connectionId, id)))[0]!;
    expect(credentialAfter.version).toBe(saved ? credentialBefore.version + 1 : credentialBefore.version);
    if (want.status === from && !saved && want.events.length === 0 && ["rate_limited", "provider_unreachable", "provider_error"].includes(outcome))
      expect(conn.lastCheckedAt).toBeNull();
  });
});
