// The dashboard's one guard: every page, server action and route handler calls it first. The role
// and the account state come from the database on each request, not from the session cookie.
import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { ZodError } from "zod";
import { sessionStaff } from "@/auth";
import { serverTranslator, type DashboardProblem } from "@/lib/i18n";
import { recordAudit, type Actor } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { getDb } from "@/lib/db";
import { getStaffById, type StaffRole, type WorkspaceScope } from "@/lib/db/queries/staff";
import { AppError, errorStatus, isAppError, type ActionResult } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { createBudget, type Budget, type Limit } from "@/lib/rate-limit";
import { randomUUID } from "node:crypto";

/** `workspaceIds`: the workspaces this account sees and acts on, null for every workspace. */
export type Staff = { id: string; email: string; name: string | null; role: StaffRole; workspaceIds: WorkspaceScope; ip: string | null; userAgent: string | null };

export const currentStaff = cache(async (): Promise<Staff | null> => {
  const session = await sessionStaff();
  if (!session) return null;
  const user = await getStaffById(getDb(), session.id);
  if (!user || user.disabledAt) return null;
  // Signed out since: this cookie (even a copy of it) no longer opens the dashboard.
  if (user.sessionsRevokedAt && session.signedInAt <= user.sessionsRevokedAt.getTime()) return null;
  const h = await headers();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    workspaceIds: user.workspaceIds ?? null,
    ip: clientAddress(h),
    userAgent: h.get("user-agent"),
  };
});

/** The role model (docs/security.md): each role can do what the ones before it can. */
const ROLE_RANK: Record<StaffRole, number> = { viewer: 0, support: 1, admin: 2 };

export function hasRole(staff: Pick<Staff, "role">, role: StaffRole): boolean {
  return ROLE_RANK[staff.role] >= ROLE_RANK[role];
}

/** Whether the account may see and act on this workspace. */
export function inScope(staff: Pick<Staff, "workspaceIds">, workspaceId: string): boolean {
  return staff.workspaceIds === null || staff.workspaceIds.includes(workspaceId);
}

/**
 * 404 for an object of a workspace outside the account's scope: the same answer as for one that
 * does not exist, so a scoped account learns nothing about other workspaces.
 */
export function assertInScope(staff: Pick<Staff, "workspaceIds">, workspaceId: string, what = "No such connection (or it is deleted)."): void {
  if (!inScope(staff, workspaceId)) throw new AppError("not_found", what);
}

/** Managing staff accounts: an admin of every workspace (a scoped admin could otherwise widen its own scope). */
export function canManageStaff(staff: Pick<Staff, "role" | "workspaceIds">): boolean {
  return staff.role === "admin" && staff.workspaceIds === null;
}

/** Role denials audited per staff account: at most this many `staff.denied` rows a minute. */
export const STAFF_DENIAL_AUDIT_LIMIT: Limit = { points: 20, durationSeconds: 60 };
const denials = globalThis as unknown as { __latchkeyStaffDenialAudit?: Budget };

/** A staff member asking for more than the role allows (case 36): audited, capped, never changing the answer. */
async function auditRoleDenial(staff: Staff, needed: StaffRole): Promise<void> {
  try {
    denials.__latchkeyStaffDenialAudit ??= createBudget("staff_denied", STAFF_DENIAL_AUDIT_LIMIT);
    if (!(await denials.__latchkeyStaffDenialAudit.take(staff.id))) return;
    await recordAudit(getDb(), { actor: staffActor(staff), action: "staff.denied", target: { type: "staff", id: staff.id }, details: { role: staff.role, needed } });
  } catch (err) {
    getLogger().error({ err }, "could not audit a staff denial");
  }
}

/** Throws AppError `unauthorized` (no session) or `forbidden` (role too low, audited as `staff.denied`). */
export async function requireStaff(role: StaffRole = "viewer"): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) throw new AppError("unauthorized", "Sign in to the dashboard first.");
  if (!hasRole(staff, role)) {
    await auditRoleDenial(staff, role);
    throw new AppError("forbidden", role === "admin" ? "This needs the admin role." : "This needs the support or admin role.");
  }
  return staff;
}

/** For pages: no session → the sign-in page; role too low → the forbidden page. */
export async function requireStaffPage(role: StaffRole = "viewer", returnTo = "/dashboard"): Promise<Staff> {
  try {
    return await requireStaff(role);
  } catch (err) {
    if (isAppError(err) && err.code === "forbidden") redirect("/dashboard/forbidden");
    redirect(`/dashboard/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
}

export function staffActor(staff: Staff): Actor {
  return { type: "staff", id: staff.id, ip: staff.ip, userAgent: staff.userAgent };
}

/**
 * An expected dashboard error with a text in every dashboard language: the client shows
 * `dashboard.problems` in messages/<lang>.json in the reader's language. The English
 * message is the dictionary's unless a more specific one (e.g. a library's) is given.
 */
export class DashProblem extends AppError {
  readonly problem: DashboardProblem;
  constructor(code: ConstructorParameters<typeof AppError>[0], problem: DashboardProblem, message?: string, fieldErrors?: Record<string, string[]>) {
    super(code, message ?? serverTranslator("en", "dashboard")(`problems.${problem}`), { fieldErrors });
    this.problem = problem;
  }
}

export type StaffActionFailure = Extract<ActionResult<never>, { ok: false }> & { problem?: DashboardProblem };
export type StaffActionResult<T> = { ok: true; data: T } | StaffActionFailure;

/** Maps any error to what a staff member may see; unexpected ones are logged with a reference. */
export function toActionError(err: unknown): StaffActionFailure {
  if (err instanceof DashProblem) return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors, problem: err.problem };
  if (isAppError(err)) return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of err.issues) (fieldErrors[i.path.join(".") || "_"] ??= []).push(i.message);
    return { ok: false, code: "invalid_input", message: "Some fields are not valid.", fieldErrors };
  }
  const requestId = randomUUID();
  getLogger().error({ err, requestId }, "dashboard action failed");
  return { ok: false, code: "internal_error", message: `Something went wrong on our side (reference ${requestId}).`, requestId };
}

/** A server action body: guard first, then the work; errors become an ActionResult. */
export async function staffAction<T>(role: StaffRole, work: (staff: Staff) => Promise<T>): Promise<StaffActionResult<T>> {
  try {
    const staff = await requireStaff(role);
    return { ok: true, data: await work(staff) };
  } catch (err) {
    return toActionError(err);
  }
}

/** An admin-only action body that refreshes the page it changed, whatever the outcome. */
export async function adminAction<T>(path: string, work: (staff: Staff) => Promise<T>): Promise<StaffActionResult<T>> {
  const result = await staffAction("admin", work);
  revalidatePath(path);
  return result;
}

/** Staff management: an admin of every workspace only (canManageStaff), whatever the page showed. */
export async function staffManagerAction<T>(path: string, work: (staff: Staff) => Promise<T>): Promise<StaffActionResult<T>> {
  return adminAction(path, async (staff) => {
    if (!canManageStaff(staff)) throw new AppError("forbidden", "Managing staff needs an admin of every workspace.");
    return work(staff);
  });
}

/** A route handler: the same guard, answered as JSON with 401/403/4xx. */
export async function staffRoute<T>(role: StaffRole, work: (staff: Staff) => Promise<T>): Promise<Response> {
  const result = await staffAction(role, work);
  if (result.ok) return Response.json(result.data ?? null, { headers: { "cache-control": "no-store" } });
  const status = errorStatus[result.code];
  return Response.json({ error: { code: result.code, message: result.message } }, { status, headers: { "cache-control": "no-store" } });
}
