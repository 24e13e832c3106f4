// Workspace settings from the dashboard (admins only; the callers check the role first). Every
// change is audited; the API key and the webhook signing secret are returned once, at creation.
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { staffActor, type Staff } from "@/lib/auth/staff";
import { getDb } from "@/lib/db";
import { insertApiKey, revokeApiKey } from "@/lib/db/queries/api-keys";
import { getWorkspace, parseOrigins } from "@/lib/db/queries/workspaces";
import { apiKeyPermissions, workspaces, type Workspace } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createWebhookEndpoint, sendTestEvent } from "@/lib/handoff/webhooks/endpoints";

async function workspaceOr404(id: string): Promise<Workspace> {
  const ws = await getWorkspace(getDb(), id);
  if (!ws) throw new AppError("not_found", "No such workspace.");
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
  justworksFirstName: z.string().trim().min(1, "Give the service user a first name.").max(50),
  justworksEmailDomain: optionalText(253).refine((v) => !v || /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i.test(v), "Write a domain such as sync.example.com."),
});

export async function updateWorkspaceSettingsOp(staff: Staff, workspaceId: string, input: z.input<typeof settingsSchema>): Promise<{ saved: true }> {
  const ws = await workspaceOr404(workspaceId);
  const v = settingsSchema.parse(input);
  const origins = parseOrigins(v.origins.split(/[\s,]+/).filter(Boolean));
  const branding = { displayName: v.displayName, logoUrl: v.logoUrl, accentColor: v.accentColor };
  await getDb().transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({
        allowedOrigins: origins,
        branding: Object.fromEntries(Object.entries(branding).filter(([, x]) => x !== undefined)),
        defaultLanguage: v.defaultLanguage,
        justworksFirstName: v.justworksFirstName,
        justworksEmailDomain: v.justworksEmailDomain ?? null,
        updatedAt: new Date(),
      })
      .where(eq(workspaces.id, ws.id));
    await recordAudit(tx, {
      workspaceId: ws.id,
      actor: staffActor(staff),
      action: "workspace.settings_updated",
      target: { type: "workspace", id: ws.id },
      details: { origins, branding, defaultLanguage: v.defaultLanguage, justworksFirstName: v.justworksFirstName, justworksEmailDomain: v.justworksEmailDomain ?? null },
    });
  });
  return { saved: true };
}

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Name the key (e.g. “sync backend”).").max(100),
  permissions: z.array(z.enum(apiKeyPermissions)).min(1, "Choose at least one permission."),
});

export async function createApiKeyOp(staff: Staff, workspaceId: string, input: z.input<typeof apiKeyInputSchema>): Promise<{ key: string; id: string }> {
  const ws = await workspaceOr404(workspaceId);
  const v = apiKeyInputSchema.parse(input);
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
  const ws = await workspaceOr404(workspaceId);
  await getDb().transaction(async (tx) => {
    const key = await revokeApiKey(tx, { id: z.string().max(100).parse(keyId), workspaceId: ws.id });
    await recordAudit(tx, { workspaceId: ws.id, actor: staffActor(staff), action: "api_key.revoked", target: { type: "api_key", id: key.id } });
  });
  return { revoked: true };
}

export async function createWebhookEndpointOp(staff: Staff, workspaceId: string, url: string): Promise<{ id: string; secret: string }> {
  const ws = await workspaceOr404(workspaceId);
  const { endpoint, secret } = await createWebhookEndpoint(getDb(), { workspaceId: ws.id, url: z.string().max(2000).parse(url), actor: staffActor(staff) });
  return { id: endpoint.id, secret };
}

export async function sendTestEventOp(staff: Staff, workspaceId: string, endpointId: string): Promise<{ eventId: string }> {
  const ws = await workspaceOr404(workspaceId);
  return sendTestEvent(getDb(), { workspaceId: ws.id, endpointId: z.string().max(100).parse(endpointId), actor: staffActor(staff) });
}
