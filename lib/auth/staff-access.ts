// The one operation that changes what a staff account may do: its role and the workspaces it sees
// (or all). The dashboard's staff page (app/(dashboard)/dashboard/_lib/staff.ts) and the operator's
// `staff:create --reset` (scripts/cli/staff-create.ts) both go through it, inside their transaction.
// Its rules (docs/security.md, role model):
//   - nobody gives access beyond their own: the new scope must lie within the acting account's
//     scope (all workspaces only from an all-workspace account or the operator), and an account
//     whose current scope is wider than the actor's cannot be changed by it;
//   - every named workspace exists;
//   - no change leaves the dashboard without an active admin of every workspace (the accounts
//     that manage staff);
//   - each change is audited with before and after (staff.role_changed when only the role changed,
//     staff.scope_changed otherwise).
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { getStaffForUpdate, lockActiveAdmins, updateStaff, type StaffRole, type WorkspaceScope } from "@/lib/db/queries/staff";
import { getWorkspace } from "@/lib/db/queries/workspaces";
import type { StaffUser } from "@/lib/db/schema";
import { AppError, type ErrorCode } from "@/lib/errors";

export type StaffAccessProblem = "lastAdmin" | "unknownWorkspace" | "beyondScope" | "noWorkspace";

/** A refused change; `problem` names the text each caller shows (the dashboard: dashboard.problems.<problem>). */
export class StaffAccessError extends AppError {
  constructor(
    code: ErrorCode,
    readonly problem: StaffAccessProblem,
    message: string,
  ) {
    super(code, message);
    this.name = "StaffAccessError";
  }
}

/** Whether scope `inner` lies within scope `outer` (null: every workspace). */
export function scopeWithin(inner: WorkspaceScope, outer: WorkspaceScope): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((id) => outer.includes(id));
}

/**
 * After the change, would an active admin of every workspace be left? `admins` comes from
 * lockActiveAdmins, called first in the transaction (before the target's own row lock), so every
 * such change takes its locks in the same order.
 */
export function leavesAnAdmin(admins: string[], target: Pick<StaffUser, "id">, after: { role: StaffRole; disabled: boolean; workspaceIds: WorkspaceScope }): boolean {
  const others = admins.filter((id) => id !== target.id).length;
  return others > 0 || (after.role === "admin" && !after.disabled && after.workspaceIds === null);
}

export type AccessChange = { role: StaffRole; workspaceIds: WorkspaceScope };

/**
 * Set the account's role and workspaces. `by.scope` is the acting account's own scope (null for
 * every workspace; the operator's CLI passes null). Returns the updated row (unchanged if nothing
 * differs: no audit entry then). Run inside a transaction.
 */
export async function changeStaffAccess(
  tx: DbOrTx,
  by: { actor: Actor; scope: WorkspaceScope; via: "dashboard" | "cli" },
  targetId: string,
  change: AccessChange,
): Promise<StaffUser> {
  const workspaceIds = change.workspaceIds === null ? null : [...new Set(change.workspaceIds)];
  if (workspaceIds !== null && workspaceIds.length === 0) throw new StaffAccessError("invalid_input", "noWorkspace", "Choose at least one workspace, or every workspace.");
  if (!scopeWithin(workspaceIds, by.scope)) throw new StaffAccessError("forbidden", "beyondScope", "You can only give access to workspaces you can see yourself.");
  const admins = await lockActiveAdmins(tx);
  const target = await getStaffForUpdate(tx, targetId);
  if (!target) throw new AppError("not_found", "No such staff member.");
  const before: WorkspaceScope = target.workspaceIds ?? null;
  if (!scopeWithin(before, by.scope)) throw new StaffAccessError("forbidden", "beyondScope", "This account sees workspaces you cannot see; ask an admin of every workspace.");
  for (const id of workspaceIds ?? []) {
    const ws = await getWorkspace(tx, id);
    if (!ws || ws.id !== id) throw new StaffAccessError("invalid_input", "unknownWorkspace", "One of the chosen workspaces does not exist.");
  }
  const sameScope = JSON.stringify(before === null ? null : [...before].sort()) === JSON.stringify(workspaceIds === null ? null : [...workspaceIds].sort());
  if (target.role === change.role && sameScope) return target;
  if (!leavesAnAdmin(admins, target, { role: change.role, disabled: target.disabledAt !== null, workspaceIds }))
    throw new StaffAccessError("conflict", "lastAdmin", "This would leave no active admin of every workspace. Make someone else one first.");
  const updated = await updateStaff(tx, target.id, { role: change.role, workspaceIds });
  await recordAudit(tx, {
    actor: by.actor,
    action: sameScope ? "staff.role_changed" : "staff.scope_changed",
    target: { type: "staff", id: target.id },
    details: { email: target.email, from: target.role, to: change.role, workspacesFrom: before, workspacesTo: workspaceIds, via: by.via },
  });
  return updated;
}
