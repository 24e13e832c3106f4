"use server";
// Admin actions on a connection. Each one checks the role on the server first (staffAction),
// whatever the page showed; the operations audit what they do.
import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/staff";
import type { ActionResult } from "@/lib/errors";
import { createReconnectLinkOp, deleteConnectionOp, recheckConnectionOp, justworksUpdateOp, type RecheckResult, type JustworksInput } from "../../../_lib/operations";

export async function recheckConnection(id: string): Promise<ActionResult<RecheckResult>> {
  const r = await staffAction("admin", (staff) => recheckConnectionOp(staff, id));
  revalidatePath(`/dashboard/connections/${id}`);
  return r;
}

export async function createReconnectLink(id: string, hours: number): Promise<ActionResult<{ url: string; expiresAt: string }>> {
  return staffAction("admin", (staff) => createReconnectLinkOp(staff, id, { hours }));
}

export async function deleteConnectionAction(id: string, confirm: string, reason?: string): Promise<ActionResult<{ id: string; deletedAt: string }>> {
  const r = await staffAction("admin", (staff) => deleteConnectionOp(staff, id, { confirm, reason }));
  revalidatePath(`/dashboard/connections/${id}`);
  return r;
}

export async function updateJustworks(id: string, input: JustworksInput): Promise<ActionResult<{ state: string; status: string }>> {
  const r = await staffAction("admin", (staff) => justworksUpdateOp(staff, id, input));
  revalidatePath(`/dashboard/connections/${id}`);
  return r;
}
