"use server";
// Admin actions on a connection. Each one checks the role on the server first (staffAction),
// whatever the page showed; the operations audit what they do.
import { adminAction, staffAction } from "@/lib/auth/staff";
import type { ActionResult } from "@/lib/errors";
import { createReconnectLinkOp, deleteConnectionOp, recheckConnectionOp, serviceUserUpdateOp, type RecheckResult } from "../../../_lib/operations";

export async function recheckConnection(id: string): Promise<ActionResult<RecheckResult>> {
  return adminAction(`/dashboard/connections/${id}`, (staff) => recheckConnectionOp(staff, id));
}

export async function createReconnectLink(id: string, hours: number): Promise<ActionResult<{ url: string; expiresAt: string }>> {
  return staffAction("admin", (staff) => createReconnectLinkOp(staff, id, { hours }));
}

export async function deleteConnectionAction(id: string, confirm: string, reason?: string): Promise<ActionResult<{ id: string; deletedAt: string }>> {
  return adminAction(`/dashboard/connections/${id}`, (staff) => deleteConnectionOp(staff, id, { confirm, reason }));
}

/** A service user's step, `{ action, granted? }` as the connection's flow offers it (lib/providers/flows.ts). */
export async function updateServiceUser(id: string, input: { action: string; granted?: string[]; reason?: string }): Promise<ActionResult<{ state: string; status: string }>> {
  return adminAction(`/dashboard/connections/${id}`, (staff) => serviceUserUpdateOp(staff, id, input));
}
