// Demo mode only: a generated AUTH_SECRET and two staff accounts (admin, viewer) whose generated
// passwords live in the data directory (0600) and are printed in the start banner.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashPassword, generatePassword, verifyPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db";
import { getStaffByEmail, insertStaff, updateStaff, updateStaffPassword, type StaffRole } from "@/lib/db/queries/staff";

export const DEMO_ADMIN_EMAIL = "admin@demo.latchkey.dev";
export const DEMO_VIEWER_EMAIL = "viewer@demo.latchkey.dev";

function readOrCreate(file: string, create: () => string): string {
  try {
    const v = fs.readFileSync(file, "utf8").trim();
    if (v) return v;
  } catch {
    // first start: fall through and create it
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const v = create();
  fs.writeFileSync(file, v + "\n", { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return v;
}

/** The demo's session-signing secret, kept across restarts so sign-ins survive them. */
export function ensureDemoAuthSecret(dataDir: string): string {
  return readOrCreate(path.join(dataDir, "auth-secret"), () => randomBytes(32).toString("base64url"));
}

async function ensureAccount(db: Db, dataDir: string, email: string, role: StaffRole, name: string): Promise<string> {
  const password = readOrCreate(path.join(dataDir, `demo-${role}-password`), generatePassword);
  const existing = await getStaffByEmail(db, email);
  if (!existing) {
    await insertStaff(db, { email, name, role, passwordHash: await hashPassword(password) });
  } else if (!existing.passwordHash || existing.role !== role || existing.disabledAt || !(await verifyPassword(existing.passwordHash, password))) {
    // The demo's own accounts go back to their known state (not a staff change: no audit).
    await updateStaffPassword(db, existing.id, await hashPassword(password));
    if (existing.role !== role) await updateStaff(db, existing.id, { role });
  }
  return password;
}

export async function ensureDemoStaff(db: Db, dataDir: string): Promise<{ admin: { email: string; password: string }; viewer: { email: string; password: string } }> {
  const adminPassword = await ensureAccount(db, dataDir, DEMO_ADMIN_EMAIL, "admin", "Demo admin");
  const viewerPassword = await ensureAccount(db, dataDir, DEMO_VIEWER_EMAIL, "viewer", "Demo viewer");
  return { admin: { email: DEMO_ADMIN_EMAIL, password: adminPassword }, viewer: { email: DEMO_VIEWER_EMAIL, password: viewerPassword } };
}
