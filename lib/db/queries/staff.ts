// Support staff accounts. Email is unique case-insensitively (staff_users_email_idx on lower(email)).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { staffUsers, type StaffUser } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

/** The role model (docs/security.md): viewer reads, support also operates connections, admin manages. */
export const staffRoles = ["viewer", "support", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];
/** The workspaces a staff account sees and acts on: a list of workspace ids, or null for every workspace. */
export type WorkspaceScope = string[] | null;

/** What the dashboard may know about a staff member: never the password hash, only whether there is one. */
export type StaffDto = {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  /** null: every workspace. */
  workspaceIds: WorkspaceScope;
  /** No password: signs in through single sign-on only. */
  ssoOnly: boolean;
  lastSignInAt: string | null;
  disabledAt: string | null;
  createdAt: string;
};

export function toStaffDto(u: StaffUser): StaffDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    workspaceIds: u.workspaceIds ?? null,
    ssoOnly: u.passwordHash === null,
    lastSignInAt: u.lastLoginAt?.toISOString() ?? null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** Everyone, active first, then by e-mail. */
export async function listStaff(db: DbOrTx): Promise<StaffUser[]> {
  return db
    .select()
    .from(staffUsers)
    .orderBy(sql`${staffUsers.disabledAt} is not null`, asc(sql`lower(${staffUsers.email})`));
}

/**
 * Locks the rows of every active admin of every workspace (role admin, scope null: the accounts
 * that can manage staff) (in id order, so two transactions never wait on each other
 * crosswise) and returns their ids. A change that could remove an admin calls this first: two
 * admins demoting each other at once are then serialised, and the second sees the first's change.
 */
export async function lockActiveAdmins(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), isNull(staffUsers.workspaceIds), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.id))
    .for("update");
  return rows.map((r) => r.id);
}

export async function getStaffForUpdate(tx: DbOrTx, id: string): Promise<StaffUser | undefined> {
  const rows = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for("update");
  return rows[0];
}

export async function updateStaff(
  db: DbOrTx,
  id: string,
  patch: Partial<Pick<StaffUser, "role" | "workspaceIds" | "disabledAt" | "passwordHash" | "sessionsRevokedAt">>,
): Promise<StaffUser> {
  const [row] = await db.update(staffUsers).set(patch).where(eq(staffUsers.id, id)).returning();
  return row!;
}

export async function getStaffByEmail(db: DbOrTx, email: string): Promise<StaffUser | undefined> {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return rows[0];
}

export async function getStaffById(db: DbOrTx, id: string): Promise<StaffUser | undefined> {
  const rows = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return rows[0];
}

export async function insertStaff(
  db: DbOrTx,
  input: { email: string; name?: string | null; role: StaffRole; passwordHash: string | null; workspaceIds?: WorkspaceScope },
): Promise<StaffUser> {
  const [row] = await db
    .insert(staffUsers)
    .values({ id: newId("staff"), email: input.email.trim(), name: input.name ?? null, role: input.role, passwordHash: input.passwordHash, workspaceIds: input.workspaceIds ?? null })
    .returning();
  return row!;
}

/** The operator's reset (staff:create --reset): a new password (if any) and the account enabled again. Role and workspaces change through lib/auth/staff-access.ts. */
export async function updateStaffPassword(db: DbOrTx, id: string, passwordHash: string | null): Promise<void> {
  await db
    .update(staffUsers)
    .set({ ...(passwordHash ? { passwordHash } : {}), disabledAt: null })
    .where(eq(staffUsers.id, id));
}

export async function markStaffSignedIn(db: DbOrTx, id: string): Promise<void> {
  await db.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, id));
}

/** Ends every current session of the account (sign-out). */
export async function revokeStaffSessions(db: DbOrTx, id: string): Promise<void> {
  await db.update(staffUsers).set({ sessionsRevokedAt: new Date() }).where(eq(staffUsers.id, id));
}
