// Support staff accounts. Email is unique case-insensitively (staff_users_email_idx on lower(email)).
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { staffUsers, type StaffUser } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

export type StaffRole = "viewer" | "admin";
export const staffRoles = ["viewer", "admin"] as const;

/** What the dashboard may know about a staff member: never the password hash. */
export type StaffDto = { id: string; email: string; name: string | null; role: StaffRole; disabled: boolean };

export function toStaffDto(u: StaffUser): StaffDto {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null };
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
  input: { email: string; name?: string | null; role: StaffRole; passwordHash: string | null },
): Promise<StaffUser> {
  const [row] = await db
    .insert(staffUsers)
    .values({ id: newId("staff"), email: input.email.trim(), name: input.name ?? null, role: input.role, passwordHash: input.passwordHash })
    .returning();
  return row!;
}

export async function updateStaffPassword(db: DbOrTx, id: string, passwordHash: string, role?: StaffRole): Promise<void> {
  await db
    .update(staffUsers)
    .set({ passwordHash, ...(role ? { role } : {}), disabledAt: null })
    .where(eq(staffUsers.id, id));
}

export async function markStaffSignedIn(db: DbOrTx, id: string): Promise<void> {
  await db.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, id));
}

/** Ends every current session of the account (sign-out). */
export async function revokeStaffSessions(db: DbOrTx, id: string): Promise<void> {
  await db.update(staffUsers).set({ sessionsRevokedAt: new Date() }).where(eq(staffUsers.id, id));
}
