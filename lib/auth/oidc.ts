// Who single sign-on admits: only people who already have a staff account (which also decides their
// role), matched by an e-mail address the identity provider says it has verified. Without
// `email_verified: true` anyone able to set an unverified address at the provider (many let users
// type one) could sign in as that staff member.
import { recordAudit } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { getStaffByEmail, markStaffSignedIn } from "@/lib/db/queries/staff";

/** Where a refusal for an unverified address sends the browser: the sign-in page names the reason. */
export const OIDC_UNVERIFIED_EMAIL = "/dashboard/sign-in?error=EmailUnverified";

/** true: admitted (and audited); false: no such account (next-auth's AccessDenied); a URL: unverified address. */
export async function admitOidcSignIn(db: DbOrTx, email: string | null | undefined, profile: Record<string, unknown> | undefined): Promise<true | false | string> {
  if (profile?.email_verified !== true) return OIDC_UNVERIFIED_EMAIL;
  const staff = email ? await getStaffByEmail(db, email) : undefined;
  if (!staff || staff.disabledAt) return false;
  await markStaffSignedIn(db, staff.id);
  await recordAudit(db, { actor: { type: "staff", id: staff.id }, action: "staff.signed_in", details: { method: "oidc" } });
  return true;
}
