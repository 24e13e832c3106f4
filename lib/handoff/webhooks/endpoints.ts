// Webhook endpoints of a workspace: create (secret shown once), list, update, rotate the secret
// with an overlap window, delete, the delivery log and a test event. Used by the API
// (/api/v1/webhook-endpoints) and the dashboard. Every query is scoped to the workspace.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Db, DbOrTx } from "@/lib/db";
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { emitEvent, eventTypes } from "@/lib/handoff/outbox";
import { generateSigningSecret, sealSigningSecret } from "@/lib/handoff/webhooks/secrets";
import { validateWebhookUrl } from "@/lib/handoff/webhooks/url-guard";

export const MAX_ENDPOINTS_PER_WORKSPACE = 20;
export const DEFAULT_OVERLAP_HOURS = 24;

export const webhookEndpointInputSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  description: z.string().trim().max(200).optional(),
  event_types: z.array(z.enum(eventTypes)).max(eventTypes.length).optional().describe("Empty or absent: every event type."),
});

export const webhookEndpointUpdateSchema = webhookEndpointInputSchema.partial().extend({
  enabled: z.boolean().optional().describe("Re-enabling a disabled endpoint resets its failure count."),
});

export const webhookEndpointDtoSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().describe("failing (disabled automatically after repeated failed deliveries) or disabled_by_user."),
    disabled_at: z.iso.datetime().nullable(),
    consecutive_failures: z.number().int(),
    secrets: z.array(z.object({ id: z.string(), created_at: z.iso.datetime(), expires_at: z.iso.datetime().nullable() })).describe("Metadata only; a secret is shown once."),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointDto = z.infer<typeof webhookEndpointDtoSchema>;

export const webhookDeliveryDtoSchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    attempt: z.number().int(),
    succeeded: z.boolean(),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int().nullable(),
    error: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryDtoSchema>;

export function toWebhookEndpointDto(e: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    disabled_at: e.disabledAt?.toISOString() ?? null,
    consecutive_failures: e.consecutiveFailures,
    secrets: e.secrets.map((s) => ({ id: s.id, created_at: s.createdAt, expires_at: s.expiresAt ?? null })),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function toWebhookDeliveryDto(d: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: d.id,
    event_id: d.eventId,
    attempt: d.attempt,
    succeeded: d.succeeded,
    status_code: d.statusCode,
    duration_ms: d.durationMs,
    error: d.error,
    created_at: d.createdAt.toISOString(),
  };
}

const allowPrivate = () => getEnv().WEBHOOKS_ALLOW_PRIVATE ?? false;
const notFound = () => new AppError("not_found", "No such webhook endpoint in this workspace.");

export async function listWebhookEndpoints(db: DbOrTx, workspaceId: string): Promise<WebhookEndpoint[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId)).orderBy(webhookEndpoints.createdAt);
}

export async function getWebhookEndpoint(db: DbOrTx, workspaceId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, endpointId)))
    .limit(1);
  return rows[0];
}

/** Create an endpoint. The signing secret is returned here and never again. */
export async function createWebhookEndpoint(
  db: Db,
  input: { workspaceId: string; url: string; description?: string; eventTypes?: string[]; actor: Actor },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = validateWebhookUrl(input.url, allowPrivate());
  const id = newId("whe");
  const secretId = newId("whs");
  const secret = generateSigningSecret();
  const sealed = await sealSigningSecret(secret, { workspaceId: input.workspaceId, endpointId: id, secretId });
  const endpoint = await db.transaction(async (tx) => {
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.workspaceId, input.workspaceId))) as [{ n: number }];
    if (n >= MAX_ENDPOINTS_PER_WORKSPACE)
      throw new AppError("conflict", `A workspace can have at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints. Delete one first.`);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        workspaceId: input.workspaceId,
        url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        secrets: [{ id: secretId, sealed, createdAt: new Date().toISOString() }],
      })
      .returning();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "webhook_endpoint.created",
      target: { type: "webhook_endpoint", id },
      details: { url, eventTypes: row!.eventTypes },
    });
    return row!;
  });
  return { endpoint, secret };
}

export async function updateWebhookEndpoint(
  db: Db,
  input: { workspaceId: string; endpointId: string; url?: string; description?: string; eventTypes?: string[]; enabled?: boolean; actor: Actor },
): Promise<WebhookEndpoint> {
  const url = input.url !== undefined ? validateWebhookUrl(input.url, allowPrivate()) : undefined;
  return db.transaction(async (tx) => {
    const current = await getWebhookEndpoint(tx, input.workspaceId, input.endpointId);
    if (!current) throw notFound();
    // Only a change of state touches the disabled fields: disabling twice keeps the first reason and time.
    const reenable = input.enabled === true && !current.enabled;
    const disable = input.enabled === false && current.enabled;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
        ...(disable ? { enabled: false, disabledReason: "disabled_by_user", disabledAt: new Date() } : {}),
        ...(reenable ? { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(webhookEndpoints.workspaceId, input.workspaceId), eq(webhookEndpoints.id, input.endpointId)))
      .returning();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "webhook_endpoint.updated",
      target: { type: "webhook_endpoint", id: input.endpointId },
      details: { url, eventTypes: input.eventTypes, enabled: input.enabled, ...(reenable ? { reenabledAfter: current.disabledReason } : {}) },
    });
    return row!;
  });
}

/**
 * A new signing secret, returned once. The previous ones keep signing (every delivery carries
 * one signature per live secret) until `overlapHours` have passed, so receivers can switch over.
 */
export async function rotateWebhookSecret(
  db: Db,
  input: { workspaceId: string; endpointId: string; overlapHours?: number; actor: Actor },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const overlapHours = input.overlapHours ?? DEFAULT_OVERLAP_HOURS;
  const secretId = newId("whs");
  const secret = generateSigningSecret();
  const sealed = await sealSigningSecret(secret, { workspaceId: input.workspaceId, endpointId: input.endpointId, secretId });
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.workspaceId, input.workspaceId), eq(webhookEndpoints.id, input.endpointId)))
      .for("update");
    const current = rows[0];
    if (!current) throw notFound();
    const now = Date.now();
    const until = new Date(now + overlapHours * 3600_000).toISOString();
    const kept = current.secrets
      .filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt && Date.parse(s.expiresAt) < Date.parse(until) ? s.expiresAt : until }));
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secrets: [{ id: secretId, sealed, createdAt: new Date(now).toISOString() }, ...kept], updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, input.endpointId))
      .returning();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "webhook_endpoint.secret_rotated",
      target: { type: "webhook_endpoint", id: input.endpointId },
      details: { overlapHours },
    });
    return { endpoint: row!, secret };
  });
}

export async function deleteWebhookEndpoint(db: Db, input: { workspaceId: string; endpointId: string; actor: Actor }): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getWebhookEndpoint(tx, input.workspaceId, input.endpointId);
    if (!current) throw notFound();
    await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, input.endpointId));
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, input.endpointId));
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "webhook_endpoint.deleted",
      target: { type: "webhook_endpoint", id: input.endpointId },
      details: { url: current.url },
    });
  });
}

/** The delivery log, newest first; `before` pages on the delivery's creation time. */
export async function listWebhookDeliveries(
  db: DbOrTx,
  input: { workspaceId: string; endpointId: string; limit?: number; before?: Date },
): Promise<WebhookDelivery[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, input.workspaceId),
        eq(webhookDeliveries.endpointId, input.endpointId),
        input.before ? lt(webhookDeliveries.createdAt, input.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(Math.min(input.limit ?? 50, 200));
}

/** Send a `webhook_endpoint.test` event to this endpoint only (through the outbox like any other). */
export async function sendTestEvent(db: Db, input: { workspaceId: string; endpointId: string; actor: Actor }): Promise<{ eventId: string }> {
  return db.transaction(async (tx) => {
    const current = await getWebhookEndpoint(tx, input.workspaceId, input.endpointId);
    if (!current) throw notFound();
    if (!current.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it first, then send a test event.");
    const eventId = await emitEvent(tx, {
      workspaceId: input.workspaceId,
      type: "webhook_endpoint.test",
      payload: { endpointId: input.endpointId, message: "A test event from Latchkey." },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "webhook_endpoint.test_sent",
      target: { type: "webhook_endpoint", id: input.endpointId },
      details: { eventId },
    });
    return { eventId };
  });
}
