// Justworks state changes in the database: provider_state, connection status, scope results, the
// outbox event and the audit entry, in one transaction; refused moves change nothing.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { auditLog, connections, events, type Workspace } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { justworksPermissionIds } from "@/lib/providers/justworks/permissions";
import { justworksServiceUser } from "@/lib/providers/justworks/service-user";
import { createJustworksState, JustworksTransitionError, parseJustworksState } from "@/lib/providers/justworks/state";
import { applyProviderTransition } from "@/lib/connections/transitions";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { createJustworksSimulator, eventsFromVerification, type JustworksSimulator } from "@/lib/sandbox/justworks";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const actor = { type: "system" as const, id: "test" };

describe(`Justworks state store on ${process.env.TEST_DB ?? "postgres"}`, () => {
  let t: TestDatabase;
  let ws: Workspace;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await insertWorkspace(t.db, { name: "Acme", origins: ["https://app.acme.example"] });
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function newConnection(scopes: { required: string[]; optional: string[] } = { required: ["employees", "departments"], optional: ["documents"] }) {
    const id = newId("conn");
    const serviceUser = justworksServiceUser({ settings: { firstName: "Acme Sync", emailDomain: "acme.example" }, seed: newId("cs"), env: { demo: false, JUSTWORKS_SERVICE_EMAIL_DOMAIN: undefined } });
    await t.db.insert(connections).values({
      id,
      workspaceId: ws.id,
      endUserId: "user-1",
      provider: "justworks",
      status: "pending",
      requiredScopes: scopes.required,
      optionalScopes: scopes.optional,
      providerState: createJustworksState({ serviceUser }) as unknown as Record<string, unknown>,
    });
    return { id, serviceUser };
  }

  const row = async (id: string) => (await t.db.select().from(connections).where(eq(connections.id, id)))[0]!;
  // What the vendor's service account does when it logs in: the sandbox's answer for the service
  // user's address becomes state-machine events, applied as the API and the dashboard apply them.
  async function verifyWithSandbox(id: string, sim: JustworksSimulator) {
    const before = parseJustworksState((await row(id)).providerState)!;
    const events = eventsFromVerification(before.state, sim.verify(before.serviceUser.email));
    for (const event of events) await applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event, actor });
    return { changed: events.length > 0, state: parseJustworksState((await row(id)).providerState)! };
  }
  const eventsOf = async (id: string) => t.db.select().from(events).where(eq(events.connectionId, id)).orderBy(asc(events.seq));

  it("moves a connection to verified: state, status, scope results, event and audit together", async () => {
    const { id, serviceUser } = await newConnection();
    await applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event: { type: "invitation_accepted" }, actor });
    const result = await applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event: { type: "verification", granted: [...justworksPermissionIds] }, actor, reason: "sync backend verified" });
    expect(result.status).toBe("active");
    const c = await row(id);
    expect(c.status).toBe("active");
    expect(c.lastCheckedAt).not.toBeNull();
    expect((c.providerState as { state: string }).state).toBe("verified");
    expect(c.scopeResults).toEqual({
      employees: { status: "granted", required: true },
      departments: { status: "granted", required: true },
      documents: { status: "granted", required: false },
    });
    const ev = await eventsOf(id);
    expect(ev.map((e) => e.type)).toEqual(["justworks.invitation_accepted", "justworks.verified"]);
    expect(ev[1]!.payload).toMatchObject({ connection_id: id, provider_state: "verified", status: "active", service_user: serviceUser });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "connection.justworks_verification")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ from: "invitation_accepted", to: "verified" });
    expect(audit[0]!.reason).toBe("sync backend verified");
    const flow = getServiceUserFlow("justworks")!;
    const state = flow.parseState(c.providerState)!;
    expect({ serviceUser: state.serviceUser, state: state.state, missing: flow.missingPermissionNames(state) }).toEqual({ serviceUser: { firstName: "Acme Sync", email: serviceUser.email }, state: "verified", missing: [] });
  });

  it("names the missing permissions in the event and marks the connection for attention", async () => {
    const { id } = await newConnection();
    await applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event: { type: "invitation_accepted" }, actor });
    const r = await applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event: { type: "verification", granted: justworksPermissionIds.filter((p) => p !== "edit_company_settings") }, actor });
    expect(r.status).toBe("needs_attention");
    expect(r.missing).toEqual(["Edit Company Settings"]);
    const c = await row(id);
    expect(c.scopeResults.departments).toEqual({ status: "missing", required: true, detail: "Edit Company Settings" });
    expect(c.scopeResults.employees?.status).toBe("granted");
    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev.type).toBe("justworks.permissions_missing");
    expect(ev.payload).toMatchObject({ missing_permissions: ["edit_company_settings"], missing_permission_names: ["Edit Company Settings"] });
  });

  it("refuses an invalid move with 409 and changes nothing", async () => {
    const { id } = await newConnection();
    const before = await row(id);
    await expect(applyProviderTransition(t.db, { workspaceId: ws.id, connectionId: id, event: { type: "verification", granted: [] }, actor })).rejects.toBeInstanceOf(JustworksTransitionError);
    const after = await row(id);
    expect(after.providerState).toEqual(before.providerState);
    expect(after.status).toBe("pending");
    expect(await eventsOf(id)).toEqual([]);
  });

  it("keeps workspaces apart and ignores other providers", async () => {
    const other = await insertWorkspace(t.db, { name: "Other", origins: ["https://other.example"] });
    const { id } = await newConnection();
    await expect(applyProviderTransition(t.db, { workspaceId: other.id, connectionId: id, event: { type: "invitation_accepted" }, actor })).rejects.toMatchObject({ code: "not_found" });
    expect((await row(id)).providerState).toMatchObject({ state: "awaiting_invitation" });
  });

  it("verifies against the sandbox: not accepted yet changes nothing; accepted with gaps names them", async () => {
    const sim = createJustworksSimulator({ defaultUser: null });
    const { id, serviceUser } = await newConnection();
    const first = await verifyWithSandbox(id, sim);
    expect(first.changed).toBe(false);
    expect(first.state.state).toBe("awaiting_invitation");
    sim.set(serviceUser.email, { accepted: true, permissions: ["manage_employees", "view_all_employee_information", "view_basic_employee_information", "view_invoices_and_reporting"] });
    const second = await verifyWithSandbox(id, sim);
    expect(second.state.state).toBe("permissions_missing");
    expect(second.state.missingPermissions).toEqual(["edit_company_settings", "upload_and_view_all_documents"]);
    sim.set(serviceUser.email, { accepted: true, permissions: [...justworksPermissionIds] });
    const third = await verifyWithSandbox(id, sim);
    expect(third.state.state).toBe("verified");
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["justworks.invitation_accepted", "justworks.permissions_missing", "justworks.verified"]);
  });
});
