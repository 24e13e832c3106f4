// Justworks: the service-user identity, the permissions, the state machine and the sandbox mock.
import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { justworks } from "@/lib/providers/justworks";
import { justworksPermissionIds, justworksPermissions, parseJustworksPermission, permissionsForScopes } from "@/lib/providers/justworks/permissions";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { providerText } from "@/lib/providers/text";
import type { ScopeId } from "@/lib/providers/types";
import {
  DEMO_SERVICE_DOMAIN,
  justworksServiceUser,
  JustworksSetupError,
  normaliseDomain,
  serviceDomain,
  serviceUserEmail,
} from "@/lib/providers/justworks/service-user";
import {
  applyJustworksEvent,
  canApply,
  connectionStatusFor,
  createJustworksState,
  justworksStateMessage,
  JustworksTransitionError,
  parseJustworksState,
  type JustworksProviderState,
} from "@/lib/providers/justworks/state";
import { createJustworksSimulator, eventsFromVerification } from "@/lib/sandbox/justworks";

const prod = { demo: false, JUSTWORKS_SERVICE_EMAIL_DOMAIN: undefined };
const demo = { demo: true, JUSTWORKS_SERVICE_EMAIL_DOMAIN: undefined };
const ws = { firstName: "Acme Sync", emailDomain: "acme.example" };

describe("Justworks service user", () => {
  it("gives each connection its own address at the workspace's domain, stable for the same seed", () => {
    const seeds = Array.from({ length: 5000 }, () => newId("cs"));
    const emails = seeds.map((seed) => justworksServiceUser({ settings: ws, seed, env: prod }).email);
    expect(new Set(emails).size).toBe(seeds.length);
    for (const e of emails.slice(0, 50)) expect(e).toMatch(/^latchkey\+[0-9a-z]{10}@acme\.example$/);
    expect(justworksServiceUser({ settings: ws, seed: seeds[0]!, env: prod }).email).toBe(emails[0]);
    expect(justworksServiceUser({ settings: ws, seed: seeds[0]!, env: prod }).firstName).toBe("Acme Sync");
  });

  it("keeps the address a connection already has (reconnect)", () => {
    const existing = { firstName: "Old", email: "latchkey+abc@old.example" };
    expect(justworksServiceUser({ settings: ws, seed: "cs_new", existing, env: prod })).toEqual(existing);
  });

  it("falls back to the configured domain, then to the sandbox domain in demo mode, else refuses in both languages", () => {
    const none = { firstName: "" };
    expect(serviceDomain(none, { demo: false, JUSTWORKS_SERVICE_EMAIL_DOMAIN: "vendor.example" })).toBe("vendor.example");
    expect(serviceDomain(none, demo)).toBe(DEMO_SERVICE_DOMAIN);
    expect(justworksServiceUser({ settings: none, seed: "x", env: demo }).firstName).toBe("Latchkey");
    let error: unknown;
    try {
      serviceDomain(none, prod);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JustworksSetupError);
    expect((error as JustworksSetupError).code).toBe("unavailable");
    expect((error as JustworksSetupError).localized.de).toContain("E-Mail-Domain");
    expect(() => serviceDomain({ emailDomain: "not a domain" }, demo)).toThrow(JustworksSetupError);
  });

  it("normalises domains strictly", () => {
    expect(normaliseDomain(" @Acme.Example. ")).toBe("acme.example");
    for (const bad of ["localhost", "acme..example", "-a.example", "a_b.example", "a.example/x", "user@acme.example"]) expect(normaliseDomain(bad), bad).toBeUndefined();
    expect(serviceUserEmail("seed", "acme.example")).toBe(serviceUserEmail("seed", "acme.example"));
  });
});

describe("Justworks permissions", () => {
  it("keeps the six names and maps scopes onto them", () => {
    expect(justworksPermissionIds).toHaveLength(6);
    expect(permissionsForScopes(["departments"])).toEqual(["edit_company_settings"]);
    expect(permissionsForScopes(["documents"])).toEqual(["upload_and_view_all_documents"]);
    expect(permissionsForScopes(["employees", "departments", "documents"])).toEqual([...justworksPermissionIds]);
    expect(parseJustworksPermission("View Invoices and Reporting")).toBe("view_invoices_and_reporting");
    expect(parseJustworksPermission("manage_employees")).toBe("manage_employees");
    expect(parseJustworksPermission("Delete everything")).toBeUndefined();
  });

  it("names every permission in the guide and in the scopes' fix-its, in both languages", () => {
    const guide = justworks.guide.map((s) => providerText("justworks", s.body).en).join(" ");
    const guideDe = justworks.guide.map((s) => providerText("justworks", s.body).de).join(" ");
    for (const name of ["Edit Company Settings", "Manage Employees", "View all employee information", "View basic employee information", "Upload and View all Documents", "View Invoices and Reporting"]) {
      expect(guide).toContain(name);
      expect(guideDe).toContain(name);
    }
    expect(guide).toContain("3rd Party Admin / Accountant");
    expect(providerText("justworks", justworks.scopes.departments!.fix).de).toContain("„Edit Company Settings“");
    // Each scope's permission name and fix-it name exactly the permissions that scope needs.
    for (const [scope, def] of Object.entries(justworks.scopes)) {
      const names = permissionsForScopes([scope as ScopeId]).map((p) => justworksPermissions.find((x) => x.id === p)!.name);
      expect(providerText("justworks", def!.permission).en).toBe(names.join(", "));
      for (const n of names) expect(providerText("justworks", def!.fix).de).toContain(`„${n}“`);
    }
    expect(justworks.secret).toEqual([]);
  });
});

describe("Justworks state machine", () => {
  const t0 = new Date("2026-01-01T10:00:00Z");
  const fresh = () => createJustworksState({ serviceUser: { firstName: "Acme Sync", email: "latchkey+abc@acme.example" }, now: t0 });

  it("goes awaiting → accepted → verified when every required permission is held", () => {
    const s0 = fresh();
    expect(s0.state).toBe("awaiting_invitation");
    const s1 = applyJustworksEvent(s0, { type: "invitation_accepted" }, new Date("2026-01-01T11:00:00Z"));
    expect(s1.state).toBe("invitation_accepted");
    expect(s1.invitationAcceptedAt).toBe("2026-01-01T11:00:00.000Z");
    const s2 = applyJustworksEvent(s1, { type: "verification", granted: [...justworksPermissionIds] });
    expect(s2.state).toBe("verified");
    expect(s2.missingPermissions).toEqual([]);
    expect(connectionStatusFor(s2.state)).toBe("active");
    expect(s2.history.map((h) => h.state)).toEqual(["awaiting_invitation", "invitation_accepted", "verified"]);
    expect(s0.state).toBe("awaiting_invitation"); // pure: the input is untouched
  });

  it("names the missing permissions, and a later verification can clear them", () => {
    const accepted = applyJustworksEvent(fresh(), { type: "invitation_accepted" });
    const missing = applyJustworksEvent(accepted, { type: "verification", granted: ["manage_employees", "view_basic_employee_information"] });
    expect(missing.state).toBe("permissions_missing");
    expect(missing.missingPermissions).toEqual(["edit_company_settings", "view_all_employee_information", "upload_and_view_all_documents", "view_invoices_and_reporting"]);
    expect(connectionStatusFor(missing.state)).toBe("needs_attention");
    const msg = justworksStateMessage(missing);
    expect(msg.en).toContain("“Edit Company Settings”");
    expect(msg.de).toContain("„Edit Company Settings“");
    const fixed = applyJustworksEvent(missing, { type: "verification", granted: [...justworksPermissionIds] });
    expect(fixed.state).toBe("verified");
    const lost = applyJustworksEvent(fixed, { type: "verification", granted: justworksPermissionIds.filter((p) => p !== "edit_company_settings") });
    expect(lost.state).toBe("permissions_missing");
    expect(lost.missingPermissions).toEqual(["edit_company_settings"]);
  });

  it("only requires the permissions it was created with", () => {
    const s = createJustworksState({ serviceUser: { firstName: "A", email: "a@b.example" }, requiredPermissions: permissionsForScopes(["departments"]) });
    const v = applyJustworksEvent(applyJustworksEvent(s, { type: "invitation_accepted" }), { type: "verification", granted: ["edit_company_settings"] });
    expect(v.state).toBe("verified");
  });

  it("refuses invalid transitions with a clear error in both languages", () => {
    const s0 = fresh();
    expect(canApply("awaiting_invitation", "verification")).toBe(false);
    expect(() => applyJustworksEvent(s0, { type: "verification", granted: [] })).toThrow(JustworksTransitionError);
    try {
      applyJustworksEvent(s0, { type: "verification", granted: [] });
    } catch (e) {
      const err = e as JustworksTransitionError;
      expect(err.code).toBe("conflict");
      expect(err.status).toBe(409);
      expect(err.message).toContain("has not accepted the invitation");
      expect(err.localized.de).toContain("Einladung nicht angenommen");
    }
    const accepted = applyJustworksEvent(s0, { type: "invitation_accepted" });
    expect(() => applyJustworksEvent(accepted, { type: "invitation_accepted" })).toThrow(/already past that step/);
    const verified = applyJustworksEvent(accepted, { type: "verification", granted: [...justworksPermissionIds] });
    expect(() => applyJustworksEvent(verified, { type: "invitation_accepted" })).toThrow(JustworksTransitionError);
  });

  it("starts over when the invitation is sent again, forgetting the old results", () => {
    const accepted = applyJustworksEvent(fresh(), { type: "invitation_accepted" });
    const missing = applyJustworksEvent(accepted, { type: "verification", granted: [] });
    const again = applyJustworksEvent(missing, { type: "invitation_resent" });
    expect(again.state).toBe("awaiting_invitation");
    expect(again.missingPermissions).toBeUndefined();
    expect(again.invitationAcceptedAt).toBeUndefined();
    expect(again.serviceUser).toEqual(missing.serviceUser);
  });

  it("reads the state the wizard's save writes, and round-trips through JSON (jsonb)", () => {
    const written = { state: "awaiting_invitation", serviceUser: { firstName: "A", email: "a@b.example" }, invitationSentAt: "2026-01-01T00:00:00.000Z" };
    const parsed = parseJustworksState(written)!;
    expect(parsed.requiredPermissions).toEqual([...justworksPermissionIds]);
    expect(parsed.history).toEqual([]);
    const s = applyJustworksEvent(parsed, { type: "invitation_accepted" });
    expect(parseJustworksState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(parseJustworksState({ state: "nonsense" })).toBeUndefined();
    expect(parseJustworksState({})).toBeUndefined();
  });

  it("caps the history", () => {
    let s: JustworksProviderState = applyJustworksEvent(fresh(), { type: "invitation_accepted" });
    for (let i = 0; i < 80; i++) s = applyJustworksEvent(s, { type: "verification", granted: [] });
    expect(s.history).toHaveLength(50);
  });
});

describe("Justworks sandbox", () => {
  const email = "latchkey+abc@acme.example";

  it("treats an unknown address as invited, accepted and fully permitted by default", () => {
    const sim = createJustworksSimulator();
    const v = sim.verify(email);
    expect(v).toMatchObject({ found: true, accepted: true, reports: { employeeCensus: true, workHistory: true } });
    expect(v.permissions).toEqual([...justworksPermissionIds]);
    expect(eventsFromVerification("awaiting_invitation", v).map((e) => e.type)).toEqual(["invitation_accepted", "verification"]);
    expect(eventsFromVerification("permissions_missing", v).map((e) => e.type)).toEqual(["verification"]);
  });

  it("models an invitation not yet accepted and a partial set of permissions, over HTTP too", async () => {
    const sim = createJustworksSimulator({ defaultUser: null });
    expect(sim.verify(email).found).toBe(false);
    expect(eventsFromVerification("awaiting_invitation", sim.verify(email))).toEqual([]);
    const url = `http://sandbox.local/service-users/${encodeURIComponent(email)}`;
    const put = (body: unknown) => sim.handler(new Request(url, { method: "PUT", body: JSON.stringify(body) }));
    expect((await put({ accepted: false, permissions: ["Manage Employees"] })).status).toBe(200);
    expect(sim.verify(email)).toMatchObject({ found: true, accepted: false, permissions: [] });
    expect(eventsFromVerification("awaiting_invitation", sim.verify(email))).toEqual([]);
    await put({ accepted: true, permissions: ["Manage Employees", "edit_company_settings"] });
    const got = (await (await sim.handler(new Request(url))).json()) as { permissions: string[]; reports: { employeeCensus: boolean; workHistory: boolean } };
    expect(got.permissions).toEqual(["edit_company_settings", "manage_employees"]);
    expect(got.reports).toEqual({ employeeCensus: false, workHistory: true });
    expect((await put({ accepted: true, permissions: ["Root access"] })).status).toBe(400);
    expect((await sim.handler(new Request(url, { method: "DELETE" }))).status).toBe(204);
    expect(sim.verify(email).found).toBe(false);
    expect((await sim.handler(new Request("http://sandbox.local/other"))).status).toBe(404);
  });
});

describe("Justworks' service-user flow (the registry's hooks)", () => {
  const flow = getServiceUserFlow("justworks")!;
  const serviceUser = { firstName: "Acme Sync", email: "latchkey+abc@acme.example" };
  it("is registered for the provider whose definition says service_user, and for no other", () => {
    expect(justworks.flow).toBe("service_user");
    expect(flow.provider).toBe("justworks");
    expect(getServiceUserFlow("hrworks")).toBeUndefined();
    expect(getServiceUserFlow("__proto__")).toBeUndefined();
  });
  it("turns a status report into the state machine's events, in order, and applies them purely", () => {
    const s0 = flow.createState({ serviceUser, requiredScopes: ["employees", "departments"] });
    expect(s0.state).toBe("awaiting_invitation");
    const events = flow.eventsFromStatusUpdate(s0, { invitation_accepted: true, granted_permissions: ["edit_company_settings"] });
    expect(events.map((e) => e.type)).toEqual(["invitation_accepted", "verification"]);
    const s2 = events.reduce((s, e) => flow.applyStatusUpdate(s, e), s0);
    expect(s2.state).toBe("permissions_missing");
    expect(flow.connectionStatus(s2)).toBe("needs_attention");
    expect(flow.missingPermissionNames(s2)).toContain("Manage Employees");
    expect(flow.scopeResults(s2, ["employees", "departments"], [])).toMatchObject({ departments: { status: "granted" }, employees: { status: "missing", required: true } });
    expect(flow.event(s2)).toMatchObject({ type: "justworks.permissions_missing", payload: { provider_state: "permissions_missing" } });
    expect(() => flow.applyStatusUpdate(s0, { type: "verification", granted: [] })).toThrow(JustworksTransitionError);
    expect(() => flow.statusUpdateSchema.parse({ granted_permissions: ["delete_everything"] })).toThrow();
  });
  it("reads the dashboard's input and the CLI's flags into events", () => {
    expect(flow.dashboardInputSchema.parse({ action: "verify", granted: ["manage_employees"], reason: "checked" })).toEqual({ event: { type: "verification", granted: ["manage_employees"] }, reason: "checked" });
    expect(flow.dashboardInputSchema.parse({ action: "accept" })).toEqual({ event: { type: "invitation_accepted" } });
    expect(() => flow.dashboardInputSchema.parse({ action: "delete" })).toThrow();
    expect(flow.eventFromCli({ granted: "Manage Employees, edit_company_settings" })).toEqual({ type: "verification", granted: ["manage_employees", "edit_company_settings"] });
    expect(() => flow.eventFromCli({ granted: "Delete everything" })).toThrow(/Unknown Justworks permission/);
    expect(() => flow.eventFromCli({})).toThrow(/--accepted/);
  });
  it("gives the wizard plain texts in the reader's language", () => {
    const en = flow.view({ serviceUser, lang: "en", workspaceName: "Acme", connectionId: "conn_1" });
    expect(en).toMatchObject({ state: "awaiting_invitation", tone: "info" });
    expect(en.texts.stateText).toBe("Invitation sent. Waiting for Acme to accept it.");
    expect(en.texts.copyEmail).toBe("Copy E-mail address");
    const missing = flow.applyStatusUpdate(flow.applyStatusUpdate(flow.createState({ serviceUser, requiredScopes: ["departments"] }), { type: "invitation_accepted" }), { type: "verification", granted: [] });
    const de = flow.view({ serviceUser, lang: "de", workspaceName: "Acme", connectionId: "conn_1", state: missing });
    expect(de).toMatchObject({ state: "permissions_missing", tone: "warning", missingPermissions: ["Edit Company Settings"] });
    expect(de.texts.sent).toBe("Ich habe die Einladung gesendet");
    expect(flow.view({ serviceUser, lang: "en", workspaceName: "Acme" }).state).toBeUndefined();
  });
  it("says why it cannot be offered when no e-mail domain is configured", () => {
    let error: unknown;
    try {
      flow.serviceUser({ workspace: { providerSettings: { justworks: { firstName: "A", emailDomain: "not a domain" } } }, seed: "x" });
    } catch (e) {
      error = e;
    }
    expect(flow.setupErrorText(error)?.de).toContain("E-Mail-Domain");
    expect(flow.setupErrorText(new Error("other"))).toBeUndefined();
  });
});
