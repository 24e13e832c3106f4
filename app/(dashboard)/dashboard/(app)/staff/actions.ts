"use server";
// Staff management: admins of every workspace only, checked here on the server whatever the page showed.
import { staffManagerAction, type StaffActionResult } from "@/lib/auth/staff";
import type { StaffDto, StaffRole } from "@/lib/db/queries/staff";
import {
  addStaffOp,
  changeStaffRoleOp,
  resetStaffPasswordOp,
  setStaffDisabledOp,
  signOutStaffEverywhereOp,
  type AddStaffInput,
} from "../../_lib/staff";

/** A generated password is in this one response and nowhere else, ever. */
export async function addStaffAction(input: AddStaffInput): Promise<StaffActionResult<{ member: StaffDto; password: string | null }>> {
  return staffManagerAction("/dashboard/staff", (s) => addStaffOp(s, input));
}

export async function changeStaffRoleAction(id: string, role: StaffRole): Promise<StaffActionResult<StaffDto>> {
  return staffManagerAction("/dashboard/staff", (s) => changeStaffRoleOp(s, id, role));
}

export async function setStaffDisabledAction(id: string, disabled: boolean): Promise<StaffActionResult<StaffDto>> {
  return staffManagerAction("/dashboard/staff", (s) => setStaffDisabledOp(s, id, disabled));
}

/** The new password is in this one response and nowhere else, ever. */
export async function resetStaffPasswordAction(id: string): Promise<StaffActionResult<{ member: StaffDto; password: string }>> {
  return staffManagerAction("/dashboard/staff", (s) => resetStaffPasswordOp(s, id));
}

export async function signOutStaffEverywhereAction(id: string): Promise<StaffActionResult<StaffDto>> {
  return staffManagerAction("/dashboard/staff", (s) => signOutStaffEverywhereOp(s, id));
}
