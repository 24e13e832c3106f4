// The wizard's server actions against a real database and the HR WORKS simulator: results and
// logs never contain a typed secret; input over a field's limit never reaches the provider.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectSession } from "@/lib/connect/session";
import { auditLog, connections, workspaces, type Workspace } from "@/lib/db/schema";
import { setEnvOverrides } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createLogger } from "@/lib/log";
import { HRWORKS_SANDBOX_SECRET } from "@/lib/sandbox/hrworks/credentials";
import { createHrworksSandbox } from "@/lib/sandbox/hrworks";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import { PERSONIO_SANDBOX_SECRET } from "@/lib/sandbox/personio/credentials";
import { serveSandbox, type SandboxServer } from "@/lib/sandbox/serve";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const logLines: string[] = [];
const capture = vi.hoisted(() => ({ logger: undefined as unknown }));
vi.mock("@/lib/log", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/log")>();
  return { ...m, getLogger: () => capture.logger ?? m.getLogger() };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-latchkey-client-ip": "203.0.113.50", "user-agent": "vitest", "accept-language": "de-DE,de;q=0.9" }),
}));

const { startCheck, sendServiceUserInvitation } = await import("./actions");

/** The finished check, or the refusal that came before it. */
async function checkCredentials(...args: Parameters<typeof startCheck>) {
  const started = await startCheck(...args);
  return started.ok ? started.data.result : started;
}

const CANARY = "CANARY-action-9d8e7f";
let t: TestDatabase;
let sandbox: SandboxServer;
let personioSandbox: SandboxServer;
let workspace: Workspace;

async function token(input: Parameters<typeof createConnectSession>[1]["input"] = {}) {
  const created = await createConnectSession(t.db, {
    workspace,
    input: { endUser: { id: newId("u") }, providers: ["hrworks", "justworks"], scopes: ["employees", "departments"], ...input },
    actor: { type: "system" },
  });
  return created.token;
}

beforeAll(async () => {
  capture.logger = createLogger({
    level: "trace",
    destination: new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    }),
  });
  t = await createTestDatabase();
  sandbox = await serveSandbox(createHrworksSandbox({ slowMs: 200, lagMs: 600 }));
  personioSandbox = await serveSandbox(createPersonioSandbox());
  setEnvOverrides({ HRWORKS_API_URL: sandbox.url, PERSONIO_API_URL: personioSandbox.url, PROVIDER_TIMEOUT_MS: "2000" });
  const [ws] = await t.db
    .insert(workspaces)
    .values({ id: newId("ws"), slug: newId("s"), name: "Acme", allowedOrigins: ["https://app.acme.example"], providerSettings: { justworks: { emailDomain: "sync.acme.example" } } })
    .returning();
  workspace = ws!;
});
afterAll(async () => {
  await sandbox?.close();
  await personioSandbox?.close();
  await t?.drop();
});

describe("checkCredentials", () => {
  it("hands the wizard the fix the check computed: Personio's missing attributes by their Personio names", async () => {
    const session = await token({ providers: ["personio"], scopes: ["employees"] });
    for (const [lang, names, area] of [
      ["en", ["“Department”", "“Hire date”"], "“Employees”"],
      ["de", ["„Abteilung“", "„Anstelldatum“"], "„Mitarbeitende“"],
    ] as const) {
      const r = await checkCredentials(session, "personio", { clientId: "personio-sandbox-attributes-missing", clientSecret: PERSONIO_SANDBOX_SECRET }, lang);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const employees = r.data.scopes.find((s) => s.id === "employees")!;
      expect(employees.status).toBe("missing");
      for (const name of names) expect(employees.fix).toContain(name);
      // Not the area's static fix ("tick Read for Employees"): the area is granted, the attributes are not.
      expect(employees.fix).not.toContain(area);
    }
  });

  it("saves a good credential and returns no secret", async () => {
    const r = await checkCredentials(await token(), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: HRWORKS_SANDBOX_SECRET }, "en");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ outcome: "ok", saved: true, status: "active" });
    expect(JSON.stringify(r)).not.toContain(HRWORKS_SANDBOX_SECRET);
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, r.data.connectionId!));
    expect(conn!.provider).toBe("hrworks");
  });

  it("case 12: wrong credentials: a clear message in the session's language, nothing saved, the canary nowhere", async () => {
    const before = await t.db.select().from(connections);
    const r = await checkCredentials(await token({ language: "de" }), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: CANARY }, "en");
    expect(r).toMatchObject({ ok: true, data: { outcome: "invalid_credentials", saved: false } });
    if (r.ok) expect(r.data.message).toMatch(/HR WORKS/);
    expect(JSON.stringify(r)).not.toContain(CANARY);
    expect(await t.db.select().from(connections)).toHaveLength(before.length);
    expect(logLines.join("")).toContain("provider check finished");
    expect(logLines.join("")).not.toContain(CANARY);
  });

  it("case 12, 13: a hostile provider (401 echoing the request, 500 echoing it, a dropped connection): no canary or echo in the answer or the log", async () => {
    const ECHO = "ECHOED-BODY-5f2a";
    let mode: "401" | "500" | "drop" = "401";
    let requests = 0;
    const hostile = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        requests++;
        if (mode === "drop") return req.socket.destroy();
        res.writeHead(Number(mode), { "content-type": "application/json" });
        res.end(JSON.stringify({ error: ECHO, message: `${ECHO} you sent ${body}`, headers: req.headers }));
      });
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const before = process.env.HRWORKS_API_URL!;
    setEnvOverrides({ HRWORKS_API_URL: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}` });
    const consoleLines: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((k) => vi.spyOn(console, k).mockImplementation((...a: unknown[]) => void consoleLines.push(a.map(String).join(" "))));
    try {
      logLines.length = 0;
      const results = [];
      for (const m of ["401", "500", "drop"] as const) {
        mode = m;
        results.push(await checkCredentials(await token({ language: "en" }), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: CANARY }, "en"));
      }
      expect(requests).toBeGreaterThanOrEqual(3);
      expect(results[0]).toMatchObject({ ok: true, data: { outcome: "invalid_credentials", saved: false } });
      for (const r of results.slice(1)) expect(r.ok ? r.data.saved : false).toBe(false);
      const seen = [JSON.stringify(results), logLines.join(""), consoleLines.join("\n")];
      expect(logLines.join("")).toContain("provider check finished");
      for (const text of seen) {
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain(ECHO);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
      setEnvOverrides({ HRWORKS_API_URL: before });
      hostile.close();
    }
  });

  it("a missing required permission saves nothing and names it", async () => {
    const r = await checkCredentials(await token(), "hrworks", { accessKey: "HWSANDBOX-NO-PERSONS", secretAccessKey: HRWORKS_SANDBOX_SECRET });
    expect(r).toMatchObject({ ok: true, data: { outcome: "missing_scopes", saved: false } });
    if (r.ok) expect(r.data.scopes.find((s) => s.id === "employees")).toMatchObject({ status: "missing", required: true });
  });

  it("case 27: refuses input over a field's limit before any provider call", async () => {
    sandbox.reset();
    const r = await checkCredentials(await token(), "hrworks", { accessKey: "x".repeat(10_001), secretAccessKey: CANARY }, "en");
    expect(r).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { accessKey: [expect.stringMatching(/at most 10000/)] } });
    const schema = await checkCredentials(await token(), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: "y".repeat(300) }, "de");
    expect(schema).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { secretAccessKey: [expect.stringMatching(/höchstens 200/)] } });
    const wrongType = await checkCredentials(await token(), "hrworks", { accessKey: ["HWSANDBOX-ALL"], secretAccessKey: 5 });
    expect(wrongType).toMatchObject({ ok: false, code: "invalid_input" });
    expect(sandbox.stats.requests).toBe(0);
    expect(JSON.stringify([r, schema])).not.toContain(CANARY);
  });

  it("case 27: refuses a secret with a line break inside, or with a non-ASCII letter, before any provider call", async () => {
    sandbox.reset();
    personioSandbox.reset();
    const results = [
      await checkCredentials(await token(), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: `${CANARY}\r\nX-Injected: 1` }, "en"),
      await checkCredentials(await token(), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: `${CANARY}é` }, "de"),
      await checkCredentials(await token({ providers: ["personio"] }), "personio", { clientId: "papi-id\nx", clientSecret: CANARY }, "en"),
      await checkCredentials(await token({ providers: ["personio"] }), "personio", { clientId: "papi-id", clientSecret: `${CANARY}\u0000` }, "en"),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, code: "invalid_input" });
    expect(results[0]).toMatchObject({ fieldErrors: { secretAccessKey: [expect.any(String)] } });
    expect(results[2]).toMatchObject({ fieldErrors: { clientId: [expect.any(String)] } });
    expect(sandbox.stats.requests).toBe(0);
    expect(personioSandbox.stats.requests).toBe(0);
    expect(JSON.stringify(results)).not.toContain(CANARY);
  });

  it("case 39: refuses a provider the session does not offer, an unknown token and a used session", async () => {
    expect(await checkCredentials(await token({ providers: ["personio"] }), "hrworks", {})).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await checkCredentials("not-a-token", "hrworks", {})).toMatchObject({ ok: false, code: "not_found" });
    const tok = await token();
    const good = { accessKey: "HWSANDBOX-ALL", secretAccessKey: HRWORKS_SANDBOX_SECRET };
    expect(await checkCredentials(tok, "hrworks", good)).toMatchObject({ ok: true, data: { saved: true } });
    const again = await checkCredentials(tok, "hrworks", good, "en");
    expect(again).toMatchObject({ ok: false, code: "session_used" });
    if (!again.ok) expect(again.message).toMatch(/already been used/);
  });

  it("case 34: limits checks per session: the eleventh within a minute is refused with when to retry, audited once; an unknown key reads like a wrong secret", async () => {
    const tok = await token({ language: "en" });
    const wrong = { accessKey: "HWSANDBOX-ALL", secretAccessKey: "wrong" };
    const unknown = { accessKey: "HWSANDBOX-NO-SUCH-KEY", secretAccessKey: "wrong" };
    const answers: Awaited<ReturnType<typeof checkCredentials>>[] = [];
    for (let i = 0; i < 10; i++) answers.push(await checkCredentials(tok, "hrworks", i % 2 ? unknown : wrong));
    for (const a of answers) expect(a).toMatchObject({ ok: true, data: { outcome: "invalid_credentials", saved: false } });
    const text = (a: (typeof answers)[number]) => (a.ok ? JSON.stringify({ ...a.data, checkId: undefined, checkedAt: undefined, durationMs: undefined }) : "");
    expect(text(answers[1]!)).toBe(text(answers[0]!));
    sandbox.reset();
    const r = await checkCredentials(tok, "hrworks", wrong);
    expect(r).toMatchObject({ ok: false, code: "rate_limited" });
    if (!r.ok) {
      expect(r.retryAfterSeconds).toBeGreaterThan(0);
      expect(r.message).toMatch(/wait \d+ seconds?/);
    }
    expect(await checkCredentials(tok, "hrworks", wrong)).toMatchObject({ ok: false, code: "rate_limited" });
    expect(sandbox.stats.requests).toBe(0);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, "connect_session.rate_limited"));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: "denied", workspaceId: workspace.id, details: { limit: "session", provider: "hrworks" } });
  });
});

describe("startCheck: live progress", () => {
  it("settles each permission as its probe answers, before the slow ones and before the result", async () => {
    const tok = await token({ scopes: ["employees", "departments"], optionalScopes: ["ats.candidates"] });
    const started = await startCheck(tok, "hrworks", { accessKey: "HWSANDBOX-SLOW-APPLICANTS", secretAccessKey: HRWORKS_SANDBOX_SECRET }, "en");
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const stream = started.data;
    expect(Object.keys(stream.scopes).sort()).toEqual(["ats.candidates", "departments", "employees"]);
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then((v) => (order.push(name), v));
    const settled = await Promise.all([
      track("authenticated", stream.authenticated),
      track("employees", stream.scopes.employees!),
      track("departments", stream.scopes.departments!),
      track("ats.candidates", stream.scopes["ats.candidates"]!),
      track("result", stream.result),
    ]);
    // Applicant Management answers 600 ms late: the fast permissions arrive first, the result last.
    expect(order.indexOf("employees")).toBeLessThan(order.indexOf("ats.candidates"));
    expect(order.indexOf("departments")).toBeLessThan(order.indexOf("ats.candidates"));
    expect(order.indexOf("authenticated")).toBe(0);
    expect(order.at(-1)).toBe("result");
    expect(settled[0]).toBe(true);
    expect(settled[1]).toEqual({ id: "employees", status: "granted", required: true });
    expect(settled[3]).toEqual({ id: "ats.candidates", status: "granted", required: false });
    expect(settled[4]).toMatchObject({ ok: true, data: { outcome: "ok", saved: true } });
    expect(JSON.stringify(settled)).not.toContain(HRWORKS_SANDBOX_SECRET);
  });

  it("wrong credentials: the sign-in fails and no permission settles with a status", async () => {
    const started = await startCheck(await token(), "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: CANARY }, "en");
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(await started.data.authenticated).toBe(false);
    const outcomes = await Promise.all(Object.values(started.data.scopes));
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    expect(outcomes.every((o) => o === null)).toBe(true);
    expect(await started.data.result).toMatchObject({ ok: true, data: { outcome: "invalid_credentials", saved: false } });
  });
});

describe("sendServiceUserInvitation (Justworks)", () => {
  it("creates the pending connection with the service user shown before", async () => {
    const r = await sendServiceUserInvitation(await token({ providers: ["justworks"], scopes: undefined }), "justworks", "en");
    expect(r).toMatchObject({ ok: true, data: { provider: "justworks", state: "awaiting_invitation", tone: "info", firstName: expect.any(String), email: expect.stringMatching(/@sync\.acme\.example$/) } });
    if (r.ok) expect(r.data.texts.stateText).toBe("Invitation sent. Waiting for Acme to accept it.");
    if (!r.ok) return;
    const [conn] = await t.db.select().from(connections).where(eq(connections.id, r.data.connectionId!));
    expect(conn).toMatchObject({ provider: "justworks", status: "pending" });
  });

  it("refuses a provider of another flow, and one the session does not offer", async () => {
    const tok = await token({ providers: ["hrworks"], scopes: undefined });
    expect(await sendServiceUserInvitation(tok, "hrworks", "en")).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await sendServiceUserInvitation(tok, "justworks", "en")).toMatchObject({ ok: false, code: "invalid_input" });
  });
});

describe("while the database is away", () => {
  it("answers database_unavailable in the customer's language with when to retry, not 'something went wrong'", async () => {
    const good = await token();
    // Nothing listens on port 1: every query is refused, as when Postgres is stopped.
    setEnvOverrides({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/latchkey" });
    try {
      const r = await startCheck(good, "hrworks", { accessKey: "HWSANDBOX-ALL", secretAccessKey: HRWORKS_SANDBOX_SECRET }, "de");
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.code).toBe("database_unavailable");
      expect(r.retryAfterSeconds).toBe(5);
      expect(r.message).toMatch(/Datenbank/);
      expect(logLines.some((l) => l.includes("wizard action: database unavailable"))).toBe(true);
    } finally {
      setEnvOverrides({ DATABASE_URL: t.url });
    }
  });
});
