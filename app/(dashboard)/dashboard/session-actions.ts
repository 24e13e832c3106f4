"use server";
// Sign-in, sign-out and the language choice. The password form posts here; next-auth's
// Credentials provider (auth.ts) verifies it, rate-limits failures and audits the result.
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/auth";
import { recordAudit } from "@/lib/audit";
import { currentStaff, staffActor } from "@/lib/auth/staff";
import { getDb } from "@/lib/db";
import { revokeStaffSessions } from "@/lib/db/queries/staff";
import { setLanguageCookie } from "@/lib/i18n/cookie";
import { isLang } from "@/lib/i18n/languages";

export type SignInState = { error?: "invalid" | "rate_limited" | "error" };

/** Only paths inside the dashboard: never an open redirect. */
function safeCallback(value: FormDataEntryValue | null): string {
  const v = typeof value === "string" ? value : "";
  return /^\/dashboard(\/[A-Za-z0-9_\-/.?=&%]*)?$/.test(v) && !v.startsWith("//") ? v : "/dashboard";
}

export async function signInWithPassword(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").slice(0, 254);
  const password = String(formData.get("password") ?? "").slice(0, 1024);
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallback(formData.get("callbackUrl")) });
  } catch (err) {
    if (err instanceof CredentialsSignin) return { error: err.code === "rate_limited" ? "rate_limited" : "invalid" };
    if (err instanceof AuthError) return { error: "error" };
    throw err; // the redirect after a successful sign-in
  }
  return {};
}

export async function signInWithSso(formData: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallback(formData.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  const staff = await currentStaff();
  if (staff) {
    await revokeStaffSessions(getDb(), staff.id);
    await recordAudit(getDb(), { actor: staffActor(staff), action: "staff.signed_out" });
  }
  await signOut({ redirectTo: "/dashboard/sign-in?signedOut=1" });
}

export async function setDashLanguage(formData: FormData): Promise<void> {
  const lang = formData.get("lang");
  await setLanguageCookie(isLang(lang) ? lang : "en");
}
