// Staff management from the dashboard (admins of every workspace only: the callers run
// staffManagerAction first). Role and workspaces change through the one operation the CLI uses too
// (lib/auth/staff-access.ts), which also refuses to give access beyond the acting admin's own.
// Each change is one transaction with its audit entry. A generated password is returned once, to
// the admin who asked, and exists nowhere else: the database holds its argon2id hash.
// The rule that keeps the dashboard manageable: no change may leave it without an active admin of
// every workspace.
import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { clearFailedSignIns } from "@/lib/auth/rate-limit";
import { changeStaffAccess, leavesAnAdmin, scopeWithin, StaffAccessError } from "@/lib/auth/staff-access";
import { DashProblem, staffActor, type Staff } from "@/lib/auth/staff";
import { getDb, type Tx } from "@/lib/db";
import {
  getStaffByEmail,
  getStaffById,
  getStaffForUpdate,
  insertStaff,
  lockActiveAdmins,
  staffRoles,
  toStaffDto,
  updateStaff,
  type StaffDto,
  type StaffRole,
} from "@/lib/db/queries/staff";
import { getWorkspace } from "@/lib/db/queries/workspaces";
import type { StaffUser } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const staffIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const addStaffSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  name: z.string().trim().max(200).default(""),
  role: z.enum(staffRoles),
  method: z.enum(["password", "sso"]),
  /** The workspaces the account sees and acts on; null: every workspace. */
  workspaceIds: z.array(z.string().max(100)).min(1).max(100).nullable().default(null),
});
export type AddStaffInput = z.input<typeof addStaffSchema>;

function parseId(id: string): string {
  const r = staffIdSchema.safeParse(id);
  if (!r.success) throw new AppError("not_found", "No such staff member.");
  return r.data;
}

async function loadForUpdate(tx: Tx, id: string): Promise<StaffUser> {
  const user = await getStaffForUpdate(tx, id);
  if (!user) throw new AppError("not_found", "No such staff member.");
  return user;
}

/** Refuses a change after which no active admin of every workspace would be left (the rule: lib/auth/staff-access.ts). */
function keepAnAdmin(admins: string[], target: StaffUser, after: { role: StaffRole; disabled: boolean }): void {
  if (!leavesAnAdmin(admins, target, { ...after, workspaceIds: target.workspaceIds ?? null })) throw new DashProblem("conflict", "lastAdmin");
}

/** A refusal of the shared access operation, with its text in every dashboard language. */
function asDashProblem(err: unknown): never {
  if (err instanceof StaffAccessError) throw new DashProblem(err.code, err.problem);
  throw err;
}

export const staffAccessSchema = z.object({
  role: z.enum(staffRoles),
  /** null: every workspace. */
  workspaceIds: z.array(z.string().max(100)).max(100).nullable(),
});
export type StaffAccessInput = z.input<typeof staffAccessSchema>;

/** Role and workspaces of an account at once (the staff page's "Edit access"); the same operation as the CLI's `staff:create --reset`. */
export async function setStaffAccessOp(staff: Staff, id: string, input: StaffAccessInput): Promise<StaffDto> {
  const targetId = parseId(id);
  const v = staffAccessSchema.parse(input);
  const row = await getDb()
    .transaction((tx) => changeStaffAccess(tx, { actor: staffActor(staff), scope: staff.workspaceIds, via: "dashboard" }, targetId, v))
    .catch(asDashProblem);
  return toStaffDto(row);
}

export async function addStaffOp(staff: Staff, input: AddStaffInput): Promise<{ member: StaffDto; password: string | null }> {
  const parsed = addStaffSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    if (field === "workspaceIds") throw new DashProblem("invalid_input", "noWorkspace");
    throw field === "name" ? new DashProblem("invalid_input", "nameTooLong") : field === "email" ? new DashProblem("invalid_input", "invalidEmail") : parsed.error;
  }
  const v = parsed.data;
  if (!scopeWithin(v.workspaceIds, staff.workspaceIds)) throw new DashProblem("forbidden", "beyondScope");
  if (v.method === "sso" && !getEnv().oidcEnabled) throw new DashProblem("invalid_input", "ssoNotConfigured");
  // argon2 takes a moment: hash before the transaction, which stays short.
  const password = v.method === "password" ? generatePassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  const member = await getDb().transaction(async (tx) => {
    if (await getStaffByEmail(tx, v.email)) throw new DashProblem("conflict", "emailTaken");
    for (const id of v.workspaceIds ?? []) if (!(await getWorkspace(tx, id))) throw new DashProblem("invalid_input", "unknownWorkspace");
    const row = await insertStaff(tx, { email: v.email, name: v.name || null, role: v.role, passwordHash, workspaceIds: v.workspaceIds });
    await recordAudit(tx, {
      actor: staffActor(staff),
      action: "staff.created",
      target: { type: "staff", id: row.id },
      details: { email: row.email, role: v.role, workspaceIds: v.workspaceIds, via: "dashboard", sso: v.method === "sso" },
    });
    return row;
  }).catch((err: unknown) => {
    // Two admins adding the same address at once: the unique index decides.
    if ((err as { code?: string; cause?: { code?: string } }).code === "23505" || (err as { cause?: { code?: string } }).cause?.code === "23505")
      throw new DashProblem("conflict", "emailTaken");
    throw err;
  });
  return { member: toStaffDto(member), password };
}

/** The role alone (the row's "Make …" buttons): the account keeps its workspaces. */
export async function changeStaffRoleOp(staff: Staff, id: string, role: StaffRole): Promise<StaffDto> {
  const targetId = parseId(id);
  const newRole = z.enum(staffRoles).parse(role);
  const row = await getDb()
    .transaction(async (tx) => {
      const current = await getStaffById(tx, targetId);
      if (!current) throw new AppError("not_found", "No such staff member.");
      return changeStaffAccess(tx, { actor: staffActor(staff), scope: staff.workspaceIds, via: "dashboard" }, targetId, { role: newRole, workspaceIds: current.workspaceIds ?? null });
    })
    .catch(asDashProblem);
  return toStaffDto(row);
}

/**
 * Disabling ends every session of the account at once (the guard re-reads the account on each
 * request) and marks them revoked, so enabling it later does not bring an old session back.
 */
export async function setStaffDisabledOp(staff: Staff, id: string, disabled: boolean): Promise<StaffDto> {
  const targetId = parseId(id);
  const wanted = z.boolean().parse(disabled);
  const row = await getDb().transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await loadForUpdate(tx, targetId);
    if ((target.disabledAt !== null) === wanted) return target;
    if (wanted) keepAnAdmin(admins, target, { role: target.role, disabled: true });
    const now = new Date();
    const updated = await updateStaff(tx, target.id, wanted ? { disabledAt: now, sessionsRevokedAt: now } : { disabledAt: null });
    await recordAudit(tx, {
      actor: staffActor(staff),
      action: wanted ? "staff.disabled" : "staff.enabled",
      target: { type: "staff", id: target.id },
      details: { email: target.email },
    });
    return updated;
  });
  return toStaffDto(row);
}

/** A new generated password, returned once; the old one stops working and every session ends. */
export async function resetStaffPasswordOp(staff: Staff, id: string): Promise<{ member: StaffDto; password: string }> {
  const targetId = parseId(id);
  // Resetting your own would end the session you are reading the new password in.
  if (targetId === staff.id) throw new DashProblem("invalid_input", "ownPassword");
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const row = await getDb().transaction(async (tx) => {
    const target = await loadForUpdate(tx, targetId);
    const updated = await updateStaff(tx, target.id, { passwordHash, sessionsRevokedAt: new Date() });
    await recordAudit(tx, {
      actor: staffActor(staff),
      action: "staff.password_reset",
      target: { type: "staff", id: target.id },
      details: { email: target.email, hadPassword: target.passwordHash !== null },
    });
    return updated;
  });
  // The new password also lifts a block from earlier failed attempts (outside the transaction: docs/platform-notes.md).
  await clearFailedSignIns(getDb(), row.email);
  return { member: toStaffDto(row), password };
}

/** Ends every current session of the account (the same as that person pressing "Sign out"). */
export async function signOutStaffEverywhereOp(staff: Staff, id: string): Promise<StaffDto> {
  const targetId = parseId(id);
  if (targetId === staff.id) throw new DashProblem("invalid_input", "ownSessions");
  const row = await getDb().transaction(async (tx) => {
    const target = await loadForUpdate(tx, targetId);
    const updated = await updateStaff(tx, target.id, { sessionsRevokedAt: new Date() });
    await recordAudit(tx, {
      actor: staffActor(staff),
      action: "staff.sessions_revoked",
      target: { type: "staff", id: target.id },
      details: { email: target.email },
    });
    return updated;
  });
  return toStaffDto(row);
}
