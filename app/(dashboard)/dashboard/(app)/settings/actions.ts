"use server";
// Workspace settings: admins only, checked here on the server whatever the page showed.
import type { z } from "zod";
import { adminAction, type StaffActionResult } from "@/lib/auth/staff";
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
  removeOAuthAppOp,
  saveOAuthAppOp,
  type oauthAppInputSchema,
  type apiKeyInputSchema,
  type EndpointInput,
  type rotateInputSchema,
  type settingsSchema,
} from "../../_lib/settings";

export async function saveWorkspaceSettings(workspaceId: string, input: z.input<typeof settingsSchema>): Promise<StaffActionResult<{ saved: true }>> {
  return adminAction("/dashboard/settings", (s) => updateWorkspaceSettingsOp(s, workspaceId, input));
}

export async function createApiKeyAction(workspaceId: string, input: z.input<typeof apiKeyInputSchema>): Promise<StaffActionResult<{ key: string; id: string }>> {
  return adminAction("/dashboard/settings", (s) => createApiKeyOp(s, workspaceId, input));
}

export async function revokeApiKeyAction(workspaceId: string, keyId: string): Promise<StaffActionResult<{ revoked: true }>> {
  return adminAction("/dashboard/settings", (s) => revokeApiKeyOp(s, workspaceId, keyId));
}

/** The signing secret is in this one response and nowhere else, ever. */
export async function createWebhookEndpointAction(workspaceId: string, input: EndpointInput): Promise<StaffActionResult<{ id: string; secret: string }>> {
  return adminAction("/dashboard/settings", (s) => createWebhookEndpointOp(s, workspaceId, input));
}

export async function updateWebhookEndpointAction(workspaceId: string, endpointId: string, input: EndpointInput): Promise<StaffActionResult<{ saved: true }>> {
  return adminAction("/dashboard/settings", (s) => updateWebhookEndpointOp(s, workspaceId, endpointId, input));
}

export async function setWebhookEndpointEnabledAction(workspaceId: string, endpointId: string, enabled: boolean): Promise<StaffActionResult<{ enabled: boolean }>> {
  return adminAction("/dashboard/settings", (s) => setWebhookEndpointEnabledOp(s, workspaceId, endpointId, enabled));
}

/** The new signing secret is in this one response and nowhere else, ever. */
export async function rotateWebhookSecretAction(
  workspaceId: string,
  endpointId: string,
  input: z.input<typeof rotateInputSchema>,
): Promise<StaffActionResult<{ secret: string; overlapUntil: string | null }>> {
  return adminAction("/dashboard/settings", (s) => rotateWebhookSecretOp(s, workspaceId, endpointId, input));
}

export async function deleteWebhookEndpointAction(workspaceId: string, endpointId: string): Promise<StaffActionResult<{ deleted: true }>> {
  return adminAction("/dashboard/settings", (s) => deleteWebhookEndpointOp(s, workspaceId, endpointId));
}

export async function sendTestEventAction(workspaceId: string, endpointId: string): Promise<StaffActionResult<{ eventId: string }>> {
  return adminAction("/dashboard/settings", (s) => sendTestEventOp(s, workspaceId, endpointId));
}

/** The client secret goes in here and never comes back out (only its last characters are shown). */
export async function saveOAuthAppAction(workspaceId: string, input: z.input<typeof oauthAppInputSchema>): Promise<StaffActionResult<{ saved: true }>> {
  return adminAction("/dashboard/settings", (s) => saveOAuthAppOp(s, workspaceId, input));
}

export async function removeOAuthAppAction(workspaceId: string, provider: string): Promise<StaffActionResult<{ removed: boolean }>> {
  return adminAction("/dashboard/settings", (s) => removeOAuthAppOp(s, workspaceId, provider));
}
