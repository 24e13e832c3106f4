"use server";
// Staff management: admins of every workspace only, checked here on the server whatever the page showed.
import { staffManagerAction, type StaffActionResult } from "@/lib/auth/staff";
import type { StaffDto, StaffRole } from "@/lib/db/queries/staff";
import {
  addStaffOp,
  changeStaffRoleOp,
  resetStaffPasswordOp,
  setStaffAccessOp,
  setStaffDisabledOp,
  signOutStaffEverywhereOp,
  type AddStaffInput,
  type StaffAccessInput,
} from "../../_lib/staff";

/** A generated password is in this one response and nowhere else, ever. */
export async function addStaffAction(input: AddStaffInput): Promise<StaffActionResult<{ member: StaffDto; password: string | null }>> {
  return staffManagerAction("/dashboard/staff", (s) => addStaffOp(s, input));
}

export async function changeStaffRoleAction(id: string, role: StaffRole): Promise<StaffActionResult<StaffDto>> {
  return staffManagerAction("/dashboard/staff", (s) => changeStaffRoleOp(s, id, role));
}

/** Role and workspaces at once; refused beyond the acting admin's own scope and for the last admin of every workspace. */
export async function setStaffAccessAction(id: string, input: StaffAccessInput): Promise<StaffActionResult<StaffDto>> {
  return staffManagerAction("/dashboard/staff", (s) => setStaffAccessOp(s, id, input));
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
