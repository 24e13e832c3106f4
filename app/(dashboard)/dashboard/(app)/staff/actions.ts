"use server";
// Staff management: admins only, checked here on the server whatever the page showed.
import { revalidatePath } from "next/cache";
import { staffAction, type StaffActionResult } from "@/lib/auth/staff";
import type { StaffDto, StaffRole } from "@/lib/db/queries/staff";
import {
  addStaffOp,
  changeStaffRoleOp,
  resetStaffPasswordOp,
  setStaffDisabledOp,
  signOutStaffEverywhereOp,
  type AddStaffInput,
} from "../../_lib/staff";

async function run<T>(work: Parameters<typeof staffAction<T>>[1]): Promise<StaffActionResult<T>> {
  const r = await staffAction("admin", work);
  revalidatePath("/dashboard/staff");
  return r;
}

/** A generated password is in this one response and nowhere else, ever. */
export async function addStaffAction(input: AddStaffInput): Promise<StaffActionResult<{ member: StaffDto; password: string | null }>> {
  return run((s) => addStaffOp(s, input));
}

export async function changeStaffRoleAction(id: string, role: StaffRole): Promise<StaffActionResult<StaffDto>> {
  return run((s) => changeStaffRoleOp(s, id, role));
}

export async function setStaffDisabledAction(id: string, disabled: boolean): Promise<StaffActionResult<StaffDto>> {
  return run((s) => setStaffDisabledOp(s, id, disabled));
}

/** The new password is in this one response and nowhere else, ever. */
export async function resetStaffPasswordAction(id: string): Promise<StaffActionResult<{ member: StaffDto; password: string }>> {
  return run((s) => resetStaffPasswordOp(s, id));
}

export async function signOutStaffEverywhereAction(id: string): Promise<StaffActionResult<StaffDto>> {
  return run((s) => signOutStaffEverywhereOp(s, id));
}
