"use server";
// Workspace settings: admins only, checked here on the server whatever the page showed.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { staffAction, type StaffActionResult } from "@/lib/auth/staff";
import {
  createApiKeyOp,
  createWebhookEndpointOp,
  deleteWebhookEndpointOp,
  revokeApiKeyOp,
  rotateWebhookSecretOp,
  sendTestEventOp,
  setWebhookEndpointEnabledOp,
  updateWebhookEndpointOp,
  updateWorkspaceSettingsOp,
  type apiKeyInputSchema,
  type EndpointInput,
  type rotateInputSchema,
  type settingsSchema,
} from "../../_lib/settings";

async function run<T>(work: Parameters<typeof staffAction<T>>[1]): Promise<StaffActionResult<T>> {
  const r = await staffAction("admin", work);
  revalidatePath("/dashboard/settings");
  return r;
}

export async function saveWorkspaceSettings(workspaceId: string, input: z.input<typeof settingsSchema>): Promise<StaffActionResult<{ saved: true }>> {
  return run((s) => updateWorkspaceSettingsOp(s, workspaceId, input));
}

export async function createApiKeyAction(workspaceId: string, input: z.input<typeof apiKeyInputSchema>): Promise<StaffActionResult<{ key: string; id: string }>> {
  return run((s) => createApiKeyOp(s, workspaceId, input));
}

export async function revokeApiKeyAction(workspaceId: string, keyId: string): Promise<StaffActionResult<{ revoked: true }>> {
  return run((s) => revokeApiKeyOp(s, workspaceId, keyId));
}

/** The signing secret is in this one response and nowhere else, ever. */
export async function createWebhookEndpointAction(workspaceId: string, input: EndpointInput): Promise<StaffActionResult<{ id: string; secret: string }>> {
  return run((s) => createWebhookEndpointOp(s, workspaceId, input));
}

export async function updateWebhookEndpointAction(workspaceId: string, endpointId: string, input: EndpointInput): Promise<StaffActionResult<{ saved: true }>> {
  return run((s) => updateWebhookEndpointOp(s, workspaceId, endpointId, input));
}

export async function setWebhookEndpointEnabledAction(workspaceId: string, endpointId: string, enabled: boolean): Promise<StaffActionResult<{ enabled: boolean }>> {
  return run((s) => setWebhookEndpointEnabledOp(s, workspaceId, endpointId, enabled));
}

/** The new signing secret is in this one response and nowhere else, ever. */
export async function rotateWebhookSecretAction(
  workspaceId: string,
  endpointId: string,
  input: z.input<typeof rotateInputSchema>,
): Promise<StaffActionResult<{ secret: string; overlapUntil: string | null }>> {
  return run((s) => rotateWebhookSecretOp(s, workspaceId, endpointId, input));
}

export async function deleteWebhookEndpointAction(workspaceId: string, endpointId: string): Promise<StaffActionResult<{ deleted: true }>> {
  return run((s) => deleteWebhookEndpointOp(s, workspaceId, endpointId));
}

export async function sendTestEventAction(workspaceId: string, endpointId: string): Promise<StaffActionResult<{ eventId: string }>> {
  return run((s) => sendTestEventOp(s, workspaceId, endpointId));
}
