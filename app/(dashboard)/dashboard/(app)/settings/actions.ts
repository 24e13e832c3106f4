"use server";
// Workspace settings: admins only, checked here on the server whatever the page showed.
import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/staff";
import type { ActionResult } from "@/lib/errors";
import {
  createApiKeyOp,
  createWebhookEndpointOp,
  revokeApiKeyOp,
  sendTestEventOp,
  updateWorkspaceSettingsOp,
  type apiKeyInputSchema,
  type settingsSchema,
} from "../../_lib/settings";
import type { z } from "zod";

export async function saveWorkspaceSettings(workspaceId: string, input: z.input<typeof settingsSchema>): Promise<ActionResult<{ saved: true }>> {
  const r = await staffAction("admin", (s) => updateWorkspaceSettingsOp(s, workspaceId, input));
  revalidatePath("/dashboard/settings");
  return r;
}

export async function createApiKeyAction(workspaceId: string, input: z.input<typeof apiKeyInputSchema>): Promise<ActionResult<{ key: string; id: string }>> {
  const r = await staffAction("admin", (s) => createApiKeyOp(s, workspaceId, input));
  revalidatePath("/dashboard/settings");
  return r;
}

export async function revokeApiKeyAction(workspaceId: string, keyId: string): Promise<ActionResult<{ revoked: true }>> {
  const r = await staffAction("admin", (s) => revokeApiKeyOp(s, workspaceId, keyId));
  revalidatePath("/dashboard/settings");
  return r;
}

export async function createWebhookEndpointAction(workspaceId: string, url: string): Promise<ActionResult<{ id: string; secret: string }>> {
  const r = await staffAction("admin", (s) => createWebhookEndpointOp(s, workspaceId, url));
  revalidatePath("/dashboard/settings");
  return r;
}

export async function sendTestEventAction(workspaceId: string, endpointId: string): Promise<ActionResult<{ eventId: string }>> {
  const r = await staffAction("admin", (s) => sendTestEventOp(s, workspaceId, endpointId));
  revalidatePath("/dashboard/settings");
  return r;
}
