import { and, eq, gt } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Staff } from "@/lib/auth/staff";
import { auditLog, webhookDeliveries, webhookEndpoints, workspaces } from "@/lib/db/schema";
import { signatureHeader } from "@/lib/handoff/webhooks/deliver";
import { toWebhookEndpointDto } from "@/lib/handoff/webhooks/endpoints";
import { openSigningSecret } from "@/lib/handoff/webhooks/secrets";
import { createTestDatabase, testDbKind, type TestDatabase } from "@/test/db";

vi.mock("@/auth", () => ({ sessionStaff: async () => null }));

const {
  createWebhookEndpointOp,
  deleteWebhookEndpointOp,
  previousSecretsUntil,
  rotateWebhookSecretOp,
  sendTestEventOp,
  setWebhookEndpointEnabledOp,
  updateWebhookEndpointOp,
} = await import("./settings");

const admin: Staff = { id: "staff_admin", email: "admin@support.test", name: null, role: "admin", workspaceIds: null, ip: "198.51.100.2", userAgent: "vitest" };
const HOUR = 3600_000;

describe(`webhook endpoints from the dashboard (${testDbKind()})`, () => {
  let t: TestDatabase;
  let auditMark = 0;

  async function endpoint(id: string) {
    const [r] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return r;
  }
  async function audits(action: string) {
    return t.db.select().from(auditLog).where(and(eq(auditLog.action, action), gt(auditLog.id, auditMark)));
  }
  function deliveryHeaders() {
    const ts = new Date();
    return { headers: { "webhook-id": "evt_test", "webhook-timestamp": String(Math.floor(ts.getTime() / 1000)) }, ts };
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(workspaces).values([
      { id: "ws_a", slug: "a", name: "Alpha" },
      { id: "ws_b", slug: "b", name: "Beta" },
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(async () => {
    const r = await t.pool.query<{ id: string | null }>("select max(id) as id from audit_log");
    auditMark = Number(r.rows[0]?.id ?? 0);
  });

  it("adds an endpoint with chosen events; the secret is in the result only, sealed at rest, not in the DTO or the audit", async () => {
    const { id, secret } = await createWebhookEndpointOp(admin, "ws_a", { url: "https://hooks.alpha.example/in", description: "sync", eventTypes: ["connection.created", "connection.deleted"] });
    expect(secret).toMatch(/^whsec_/);
    const row = (await endpoint(id))!;
    expect(row).toMatchObject({ url: "https://hooks.alpha.example/in", description: "sync", eventTypes: ["connection.created", "connection.deleted"], enabled: true });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(toWebhookEndpointDto(row))).not.toContain(secret);
    expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(secret);
    expect(await audits("webhook_endpoint.created")).toHaveLength(1);
  });

  it("edits URL, description and events; a refused URL keeps the guard's English reason and a problem key for other languages", async () => {
    const { id } = await createWebhookEndpointOp(admin, "ws_a", { url: "https://old.alpha.example/hook" });
    await updateWebhookEndpointOp(admin, "ws_a", id, { url: "https://new.alpha.example/hook", description: "", eventTypes: ["connection.check_failed"] });
    expect(await endpoint(id)).toMatchObject({ url: "https://new.alpha.example/hook", eventTypes: ["connection.check_failed"] });
    // Back to every event: an empty list.
    await updateWebhookEndpointOp(admin, "ws_a", id, { url: "https://new.alpha.example/hook", eventTypes: [] });
    expect((await endpoint(id))!.eventTypes).toEqual([]);
    expect(await audits("webhook_endpoint.updated")).toHaveLength(2);

    await expect(updateWebhookEndpointOp(admin, "ws_a", id, { url: "http://10.0.0.7/hook" })).rejects.toMatchObject({
      code: "invalid_input",
      problem: "webhookUrl",
      message: "Webhooks cannot be sent to loopback or private network addresses.",
    });
    await expect(updateWebhookEndpointOp(admin, "ws_a", id, { url: "ftp://files.example/x" })).rejects.toMatchObject({ problem: "webhookUrl" });
    await expect(updateWebhookEndpointOp(admin, "ws_a", id, { url: "https://x.example", eventTypes: ["connection.exploded" as never] })).rejects.toMatchObject({ name: "ZodError" });
    await expect(createWebhookEndpointOp(admin, "ws_a", { url: "https://x.example", description: "d".repeat(201) })).rejects.toMatchObject({ problem: "descriptionTooLong" });
    expect((await endpoint(id))!.url).toBe("https://new.alpha.example/hook");
  });

  it("disables (once: a second disable keeps the first time) and enables again", async () => {
    const { id } = await createWebhookEndpointOp(admin, "ws_a", { url: "https://toggle.alpha.example/hook" });
    expect(await setWebhookEndpointEnabledOp(admin, "ws_a", id, false)).toEqual({ enabled: false });
    const first = (await endpoint(id))!;
    expect(first).toMatchObject({ enabled: false, disabledReason: "disabled_by_user" });
    expect(first.disabledAt).toBeInstanceOf(Date);
    await setWebhookEndpointEnabledOp(admin, "ws_a", id, false);
    expect((await endpoint(id))!.disabledAt).toEqual(first.disabledAt);
    await expect(sendTestEventOp(admin, "ws_a", id)).rejects.toMatchObject({ code: "conflict" });
    expect(await setWebhookEndpointEnabledOp(admin, "ws_a", id, true)).toEqual({ enabled: true });
    expect(await endpoint(id)).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it("re-enables an endpoint the delivery worker disabled after repeated failures: the failure count starts afresh, the audit says from what", async () => {
    const { id } = await createWebhookEndpointOp(admin, "ws_a", { url: "https://down.alpha.example/hook" });
    const when = new Date(Date.now() - 2 * HOUR);
    await t.db.update(webhookEndpoints).set({ enabled: false, disabledReason: "failing", disabledAt: when, consecutiveFailures: 13 }).where(eq(webhookEndpoints.id, id));
    expect(toWebhookEndpointDto((await endpoint(id))!)).toMatchObject({ enabled: false, disabled_reason: "failing", disabled_at: when.toISOString(), consecutive_failures: 13 });
    await setWebhookEndpointEnabledOp(admin, "ws_a", id, true);
    expect(await endpoint(id)).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 });
    const [entry] = await audits("webhook_endpoint.updated");
    expect(entry).toMatchObject({ actorType: "staff", actorId: "staff_admin", targetId: id });
    expect(entry!.details).toMatchObject({ enabled: true, reenabledAfter: "failing" });
  });

  it("rotates the secret: the new one is returned once and signs; the old one keeps verifying for the overlap only", async () => {
    const { id, secret: old } = await createWebhookEndpointOp(admin, "ws_a", { url: "https://rotate.alpha.example/hook" });
    const before = Date.now();
    const { secret, overlapUntil } = await rotateWebhookSecretOp(admin, "ws_a", id, { overlapHours: 24 });
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(old);
    expect(Date.parse(overlapUntil!)).toBeGreaterThanOrEqual(before + 24 * HOUR - 1000);
    expect(Date.parse(overlapUntil!)).toBeLessThanOrEqual(Date.now() + 24 * HOUR);

    const row = (await endpoint(id))!;
    expect(row.secrets).toHaveLength(2);
    expect(await openSigningSecret(row.secrets[0]!.sealed, { workspaceId: "ws_a", endpointId: id, secretId: row.secrets[0]!.id })).toBe(secret);
    expect(previousSecretsUntil(row)).toEqual([overlapUntil]);
    // A delivery now carries two signatures: the receiver verifies with either secret.
    const body = JSON.stringify({ type: "connection.created" });
    const { headers, ts } = deliveryHeaders();
    const signed = { ...headers, "webhook-signature": await signatureHeader(row, "evt_test", ts, body) };
    expect(signed["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(secret).verify(body, signed)).not.toThrow();
    expect(() => new Webhook(old).verify(body, signed)).not.toThrow();
    // Neither secret is in the stored row, its DTO or the audit entry.
    const stored = JSON.stringify([row, toWebhookEndpointDto(row), await t.db.select().from(auditLog)]);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(old);
    const [entry] = await audits("webhook_endpoint.secret_rotated");
    expect(entry).toMatchObject({ actorId: "staff_admin", targetId: id, details: { overlapHours: 24 } });

    // No overlap: from now on only the newest secret signs, and the old ones no longer verify.
    const { secret: newest, overlapUntil: none } = await rotateWebhookSecretOp(admin, "ws_a", id, { overlapHours: 0 });
    expect(none).toBeNull();
    const after = (await endpoint(id))!;
    const header = await signatureHeader(after, "evt_test", ts, body);
    expect(header.split(" ")).toHaveLength(1);
    const resigned = { ...headers, "webhook-signature": header };
    expect(() => new Webhook(newest).verify(body, resigned)).not.toThrow();
    expect(() => new Webhook(secret).verify(body, resigned)).toThrow();
    expect(() => new Webhook(old).verify(body, resigned)).toThrow();

    await expect(rotateWebhookSecretOp(admin, "ws_a", id, { overlapHours: 169 })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("deletes an endpoint and its delivery log, audited; another workspace's endpoint is not found, whatever the operation", async () => {
    const { id } = await createWebhookEndpointOp(admin, "ws_b", { url: "https://hooks.beta.example/in" });
    await t.db.insert(webhookDeliveries).values({ id: "whd_1", workspaceId: "ws_b", endpointId: id, eventId: "evt_1", attempt: 1, succeeded: true, statusCode: 204 });
    await expect(deleteWebhookEndpointOp(admin, "ws_a", id)).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateWebhookSecretOp(admin, "ws_a", id, { overlapHours: 1 })).rejects.toMatchObject({ code: "not_found" });
    await expect(setWebhookEndpointEnabledOp(admin, "ws_a", id, false)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateWebhookEndpointOp(admin, "ws_a", id, { url: "https://evil.example/x" })).rejects.toMatchObject({ code: "not_found" });
    expect(await endpoint(id)).toMatchObject({ enabled: true, url: "https://hooks.beta.example/in" });

    expect(await deleteWebhookEndpointOp(admin, "ws_b", id)).toEqual({ deleted: true });
    expect(await endpoint(id)).toBeUndefined();
    expect(await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id))).toHaveLength(0);
    const [entry] = await audits("webhook_endpoint.deleted");
    expect(entry).toMatchObject({ workspaceId: "ws_b", actorId: "staff_admin", targetId: id, details: { url: "https://hooks.beta.example/in" } });
    await expect(deleteWebhookEndpointOp(admin, "ws_b", id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteWebhookEndpointOp(admin, "ws_nope", id)).rejects.toMatchObject({ code: "not_found" });
  });
});
