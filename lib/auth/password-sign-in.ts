// The password sign-in itself, apart from next-auth so that it can be tested against a database:
// the limits of lib/auth/rate-limit.ts, one argon2 verification whatever happens, and the audit.
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { forgetSignInFailures, recordFailedSignIn, SIGN_IN_LIMITS, signInGate } from "@/lib/auth/rate-limit";
import { clientAddress } from "@/lib/client-address";
import type { DbOrTx } from "@/lib/db";
import { getStaffByEmail, markStaffSignedIn } from "@/lib/db/queries/staff";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type PasswordSignIn = { ok: true; user: { id: string; email: string; name: string } } | { ok: false; reason: "invalid" | "rate_limited" };

export async function passwordSignIn(db: DbOrTx, raw: unknown, request: Request | undefined): Promise<PasswordSignIn> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const ip = clientAddress(request?.headers);
  const userAgent = request?.headers.get("user-agent") ?? null;
  const gate = await signInGate(db, email, ip);
  if (gate.blockedForSeconds > 0) return { ok: false, reason: "rate_limited" };
  // An account under a distributed attack is slowed down, never locked: its owner still gets in.
  if (gate.delayMs > 0) await new Promise((r) => setTimeout(r, gate.delayMs));
  const user = await getStaffByEmail(db, email);
  // Always run one argon2 verification, so an unknown address takes as long as a wrong password.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !user.passwordHash || user.disabledAt || !ok) {
    const { underAttack } = await recordFailedSignIn(db, email, ip);
    const actor = { type: "staff" as const, id: user?.id ?? null, ip, userAgent };
    await recordAudit(db, { actor, action: "staff.sign_in_failed", details: { email, method: "password" } });
    if (underAttack)
      await recordAudit(db, {
        actor,
        action: "staff.sign_in_under_attack",
        target: user ? { type: "staff", id: user.id } : undefined,
        details: { email, addresses: SIGN_IN_LIMITS.attack.addresses, windowMinutes: SIGN_IN_LIMITS.account.windowSeconds / 60 },
      });
    return { ok: false, reason: "invalid" };
  }
  await forgetSignInFailures(db, email, ip);
  await markStaffSignedIn(db, user.id);
  await recordAudit(db, { actor: { type: "staff", id: user.id, ip, userAgent }, action: "staff.signed_in", details: { method: "password" } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name ?? user.email } };
}
