// Workspace settings from the dashboard (admins only; the callers check the role first), for the
// workspaces of the admin's scope (another workspace is "not found"). Every change is audited; the API key and the webhook signing secret are returned once, at creation.
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { assertInScope, staffActor, type Staff } from "@/lib/auth/staff";
import { getDb } from "@/lib/db";
import { insertApiKey, revokeApiKey } from "@/lib/db/queries/api-keys";
import { getWorkspace, parseOrigins } from "@/lib/db/queries/workspaces";
import { apiKeyPermissions, operatorOnlyPermissions, workspaces, type WebhookEndpoint, type Workspace } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { eventTypes } from "@/lib/handoff/outbox";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  DEFAULT_OVERLAP_HOURS,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from "@/lib/handoff/webhooks/endpoints";
import { DashProblem } from "@/lib/auth/staff";
import { parseProviderSettings } from "@/lib/providers/settings";
import { oauthProviderSchema } from "@/lib/connections/api-schemas";
import { oauthAppFieldsSchema, removeWorkspaceOAuthApp, setWorkspaceOAuthApp } from "@/lib/connections/oauth-apps";
import { providerText } from "@/lib/providers/text";

async function workspaceOr404(staff: Staff, id: string): Promise<Workspace> {
  const ws = await getWorkspace(getDb(), id);
  if (!ws) throw new AppError("not_found", "No such workspace.");
  assertInScope(staff, ws.id, "No such workspace.");
  return ws;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

export const settingsSchema = z.object({
  origins: z.string().max(5000).default(""),
  displayName: optionalText(100),
  logoUrl: optionalText(500).refine((v) => !v || /^https:\/\/\S+$/.test(v), "The logo must be an https:// URL."),
  accentColor: optionalText(7).refine((v) => !v || /^#[0-9a-fA-F]{6}$/.test(v), "Write the colour as #RRGGBB."),
  defaultLanguage: z.enum(["en", "de"]),
  /** Each provider's settings form (`{ <provider id>: { <field>: string } }`), parsed by the provider (lib/providers/settings.ts). */
  providerSettings: z.record(z.string().max(50), z.record(z.string().max(50), z.string().max(2000))).default({}),
});

export async function updateWorkspaceSettingsOp(staff: Staff, workspaceId: string, input: z.input<typeof settingsSchema>): Promise<{ saved: true }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const v = settingsSchema.parse(input);
  const origins = parseOrigins(v.origins.split(/[\s,]+/).filter(Boolean));
  const branding = { displayName: v.displayName, logoUrl: v.logoUrl, accentColor: v.accentColor };
  const parsed = parseProviderSettings(v.providerSettings, ws.providerSettings);
  if (!parsed.ok) {
    // One message per refused field, from the provider's texts: English here (the server's
    // language); the settings form shows the same text in the reader's language.
    const fieldErrors = Object.fromEntries(parsed.issues.map((i) => [`providerSettings.${i.provider}.${i.field}`, [providerText(i.provider, i.text).en]]));
    throw new AppError("invalid_input", Object.values(fieldErrors).flat().join(" "), { fieldErrors });
  }
  const providerSettings = parsed.value;
  await getDb().transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({
        allowedOrigins: origins,
        branding: Object.fromEntries(Object.entries(branding).filter(([, x]) => x !== undefined)),
        defaultLanguage: v.defaultLanguage,
        providerSettings,
        updatedAt: new Date(),
      })
      .where(eq(workspaces.id, ws.id));
    await recordAudit(tx, {
      workspaceId: ws.id,
      actor: staffActor(staff),
      action: "workspace.settings_updated",
      target: { type: "workspace", id: ws.id },
      details: { origins, branding, defaultLanguage: v.defaultLanguage, providerSettings },
    });
  });
  return { saved: true };
}

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Name the key (e.g. “sync backend”).").max(100),
  permissions: z.array(z.enum(apiKeyPermissions)).min(1, "Choose at least one permission."),
});

/**
 * A key for the vendor's API, with permissions that reach no secret: `credentials:read` and
 * `proxy:write` keys are the operator's to create (`npm run latchkey -- apikey:create`), refused
 * here whatever the page offered, so that no staff account can obtain a key that reads a secret.
 */
export async function createApiKeyOp(staff: Staff, workspaceId: string, input: z.input<typeof apiKeyInputSchema>): Promise<{ key: string; id: string }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const v = apiKeyInputSchema.parse(input);
  const refused = v.permissions.filter((p) => (operatorOnlyPermissions as readonly string[]).includes(p));
  if (refused.length) {
    await recordAudit(getDb(), {
      workspaceId: ws.id,
      actor: staffActor(staff),
      action: "api_key.create_refused",
      target: { type: "workspace", id: ws.id },
      details: { permissions: refused },
    });
    throw new DashProblem("forbidden", "operatorOnlyPermission");
  }
  return getDb().transaction(async (tx) => {
    const { key, apiKey } = await insertApiKey(tx, { workspaceId: ws.id, name: v.name, permissions: v.permissions });
    await recordAudit(tx, {
      workspaceId: ws.id,
      actor: staffActor(staff),
      action: "api_key.created",
      target: { type: "api_key", id: apiKey.id },
      details: { name: v.name, permissions: v.permissions, prefix: apiKey.prefix, lastFour: apiKey.lastFour },
    });
    return { key, id: apiKey.id };
  });
}

export async function revokeApiKeyOp(staff: Staff, workspaceId: string, keyId: string): Promise<{ revoked: true }> {
  const ws = await workspaceOr404(staff, workspaceId);
  await getDb().transaction(async (tx) => {
    const key = await revokeApiKey(tx, { id: z.string().max(100).parse(keyId), workspaceId: ws.id });
    await recordAudit(tx, { workspaceId: ws.id, actor: staffActor(staff), action: "api_key.revoked", target: { type: "api_key", id: key.id } });
  });
  return { revoked: true };
}

// ---- Webhook endpoints: the same library functions as the vendor API (/api/v1/webhook-endpoints).

const endpointIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const endpointInputSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  description: z.string().trim().max(200).default(""),
  /** Empty: every event type, including ones added later. */
  eventTypes: z.array(z.enum(eventTypes)).max(eventTypes.length).default([]),
});
export type EndpointInput = z.input<typeof endpointInputSchema>;

export const rotateInputSchema = z.object({
  /** Hours the previous secrets keep signing beside the new one: 0 (none) to 7 days. */
  overlapHours: z.coerce.number().int().min(0).max(168).default(DEFAULT_OVERLAP_HOURS),
});

function parseEndpointId(id: string): string {
  const r = endpointIdSchema.safeParse(id);
  if (!r.success) throw new AppError("not_found", "No such webhook endpoint in this workspace.");
  return r.data;
}

function parseEndpointInput(input: EndpointInput): z.output<typeof endpointInputSchema> {
  const r = endpointInputSchema.safeParse(input);
  if (r.success) return r.data;
  const field = String(r.error.issues[0]?.path[0] ?? "");
  if (field === "url") throw new DashProblem("invalid_input", "webhookUrl");
  if (field === "description") throw new DashProblem("invalid_input", "descriptionTooLong");
  throw r.error;
}

/** The URL guard's specific English message stays; other languages get the dictionary's text. */
async function withUrlProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isAppError(err) && err.code === "invalid_input" && err.fieldErrors?.url) throw new DashProblem("invalid_input", "webhookUrl", err.message);
    throw err;
  }
}

export async function createWebhookEndpointOp(staff: Staff, workspaceId: string, input: EndpointInput): Promise<{ id: string; secret: string }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const v = parseEndpointInput(input);
  const { endpoint, secret } = await withUrlProblem(() =>
    createWebhookEndpoint(getDb(), { workspaceId: ws.id, url: v.url, description: v.description || undefined, eventTypes: v.eventTypes, actor: staffActor(staff) }),
  );
  return { id: endpoint.id, secret };
}

export async function updateWebhookEndpointOp(staff: Staff, workspaceId: string, endpointId: string, input: EndpointInput): Promise<{ saved: true }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const id = parseEndpointId(endpointId);
  const v = parseEndpointInput(input);
  await withUrlProblem(() =>
    updateWebhookEndpoint(getDb(), { workspaceId: ws.id, endpointId: id, url: v.url, description: v.description, eventTypes: v.eventTypes, actor: staffActor(staff) }),
  );
  return { saved: true };
}

/** Disable, or enable again (also after it was disabled automatically: the failure count starts afresh). */
export async function setWebhookEndpointEnabledOp(staff: Staff, workspaceId: string, endpointId: string, enabled: boolean): Promise<{ enabled: boolean }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const row = await updateWebhookEndpoint(getDb(), { workspaceId: ws.id, endpointId: parseEndpointId(endpointId), enabled: z.boolean().parse(enabled), actor: staffActor(staff) });
  return { enabled: row.enabled };
}

/**
 * A new signing secret, returned here once. `overlapUntil`: until when the previous secret still
 * signs beside it (null when there is no overlap).
 */
export async function rotateWebhookSecretOp(
  staff: Staff,
  workspaceId: string,
  endpointId: string,
  input: z.input<typeof rotateInputSchema>,
): Promise<{ secret: string; overlapUntil: string | null }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const { overlapHours } = rotateInputSchema.parse(input);
  const { endpoint, secret } = await rotateWebhookSecret(getDb(), { workspaceId: ws.id, endpointId: parseEndpointId(endpointId), overlapHours, actor: staffActor(staff) });
  return { secret, overlapUntil: previousSecretsUntil(endpoint).at(-1) ?? null };
}

/** When each older signing secret that still verifies stops, earliest first (the newest secret signs until rotated). */
export function previousSecretsUntil(endpoint: Pick<WebhookEndpoint, "secrets">, now = Date.now()): string[] {
  const ends = endpoint.secrets
    .slice(1)
    .flatMap((s) => (s.expiresAt && Date.parse(s.expiresAt) > now ? [new Date(s.expiresAt).toISOString()] : []));
  return [...new Set(ends)].sort();
}

export async function deleteWebhookEndpointOp(staff: Staff, workspaceId: string, endpointId: string): Promise<{ deleted: true }> {
  const ws = await workspaceOr404(staff, workspaceId);
  await deleteWebhookEndpoint(getDb(), { workspaceId: ws.id, endpointId: parseEndpointId(endpointId), actor: staffActor(staff) });
  return { deleted: true };
}

export async function sendTestEventOp(staff: Staff, workspaceId: string, endpointId: string): Promise<{ eventId: string }> {
  const ws = await workspaceOr404(staff, workspaceId);
  return sendTestEvent(getDb(), { workspaceId: ws.id, endpointId: parseEndpointId(endpointId), actor: staffActor(staff) });
}

/** A workspace's OAuth app at a provider: the rule is lib/connections/oauth-apps.ts's, shared with the vendor API. */
export const oauthAppInputSchema = oauthAppFieldsSchema.extend({ provider: oauthProviderSchema });

export async function saveOAuthAppOp(staff: Staff, workspaceId: string, input: z.input<typeof oauthAppInputSchema>): Promise<{ saved: true }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const { provider, ...fields } = oauthAppInputSchema.parse(input);
  await setWorkspaceOAuthApp(getDb(), { workspaceId: ws.id, provider, fields, actor: staffActor(staff) });
  return { saved: true };
}

export async function removeOAuthAppOp(staff: Staff, workspaceId: string, provider: string): Promise<{ removed: boolean }> {
  const ws = await workspaceOr404(staff, workspaceId);
  const removed = await removeWorkspaceOAuthApp(getDb(), { workspaceId: ws.id, provider, actor: staffActor(staff) });
  return { removed };
}
