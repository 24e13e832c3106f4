// The dashboard's service-user actions and per-provider workspace settings go through the
// registry: the connection's flow reads the input and lib/connections applies the move; each
// provider's settings are parsed by its own schema and stored in workspaces.provider_settings.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Staff } from "@/lib/auth/staff";
import { auditLog, connections, events, workspaces } from "@/lib/db/schema";
import { justworksPermissionIds } from "@/lib/providers/justworks/permissions";
import { createJustworksState } from "@/lib/providers/justworks/state";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

vi.mock("@/auth", () => ({ sessionStaff: async () => null }));

const { serviceUserUpdateOp } = await import("./operations");
const { updateWorkspaceSettingsOp } = await import("./settings");

const admin: Staff = { id: "staff_admin", email: "admin@support.test", name: null, role: "admin", ip: "198.51.100.2", userAgent: "vitest" };
const general = { origins: "", defaultLanguage: "en" as const };

describe(`the dashboard through the provider seam (${testDbKind()})`, () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values({ id: "ws_a", slug: "a", name: "Alpha" });
    await t.db.insert(connections).values([
      {
        id: "conn_jw",
        workspaceId: "ws_a",
        endUserId: "c1",
        provider: "justworks",
        status: "pending",
        providerState: createJustworksState({ serviceUser: { firstName: "Latchkey", email: "latchkey+x@latchkey.test" } }) as unknown as Record<string, unknown>,
      },
      { id: "conn_pe", workspaceId: "ws_a", endUserId: "c2", provider: "personio", status: "active" },
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("records a service user's steps through the connection's flow: accepted, then verified", async () => {
    expect(await serviceUserUpdateOp(admin, "conn_jw", { action: "accept" })).toEqual({ state: "invitation_accepted", status: "pending" });
    expect(await serviceUserUpdateOp(admin, "conn_jw", { action: "verify", granted: [...justworksPermissionIds], reason: "seen on a call" })).toEqual({ state: "verified", status: "active" });
    const types = (await t.db.select().from(events).where(eq(events.connectionId, "conn_jw"))).map((e) => e.type);
    expect(types).toEqual(["justworks.invitation_accepted", "justworks.verified"]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, "conn_jw"));
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["connection.justworks_invitation_accepted", "recorded in the dashboard"],
      ["connection.justworks_verification", "seen on a call"],
    ]);
  });

  it("refuses a move the flow refuses, an input it does not know, and a connection without a service user", async () => {
    await expect(serviceUserUpdateOp(admin, "conn_jw", { action: "accept" })).rejects.toMatchObject({ code: "conflict" });
    await expect(serviceUserUpdateOp(admin, "conn_jw", { action: "delete" })).rejects.toThrow();
    await expect(serviceUserUpdateOp(admin, "conn_pe", { action: "accept" })).rejects.toMatchObject({ code: "invalid_input", problem: "noServiceUser" });
    // The per-provider URL (…/connections/{id}/<provider id>) answers only for that provider's connections.
    await expect(serviceUserUpdateOp(admin, "conn_jw", { action: "verify", granted: [] }, "personio")).rejects.toMatchObject({ problem: "noServiceUser" });
    expect(await serviceUserUpdateOp(admin, "conn_jw", { action: "verify", granted: [] }, "justworks")).toEqual({ state: "permissions_missing", status: "needs_attention" });
  });

  it("stores each provider's settings as its schema parses them, and audits them", async () => {
    await updateWorkspaceSettingsOp(admin, "ws_a", { ...general, providerSettings: { justworks: { firstName: " Acme Sync ", emailDomain: "Sync.Acme.Example" } } });
    const [ws] = await t.db.select().from(workspaces).where(eq(workspaces.id, "ws_a"));
    expect(ws!.providerSettings).toEqual({ justworks: { firstName: "Acme Sync", emailDomain: "sync.acme.example" } });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "workspace.settings_updated"));
    expect(audit!.details).toMatchObject({ providerSettings: { justworks: { firstName: "Acme Sync", emailDomain: "sync.acme.example" } } });
    // Saving without a provider's part keeps it.
    await updateWorkspaceSettingsOp(admin, "ws_a", general);
    expect((await t.db.select().from(workspaces).where(eq(workspaces.id, "ws_a")))[0]!.providerSettings).toEqual(ws!.providerSettings);
  });

  it("refuses a bad provider setting with the provider's text, naming the field, and stores nothing", async () => {
    const before = (await t.db.select().from(workspaces).where(eq(workspaces.id, "ws_a")))[0]!.providerSettings;
    await expect(updateWorkspaceSettingsOp(admin, "ws_a", { ...general, providerSettings: { justworks: { firstName: "Acme", emailDomain: "not a domain" } } })).rejects.toMatchObject({
      code: "invalid_input",
      message: "Write the e-mail domain as a domain name, such as sync.example.com.",
      fieldErrors: { "providerSettings.justworks.emailDomain": ["Write the e-mail domain as a domain name, such as sync.example.com."] },
    });
    expect((await t.db.select().from(workspaces).where(eq(workspaces.id, "ws_a")))[0]!.providerSettings).toEqual(before);
  });
});
