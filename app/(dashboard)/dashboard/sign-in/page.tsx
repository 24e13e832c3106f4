import type { Metadata } from "next";
import { ClientMessages } from "@/components/dashboard/client-messages";
import { redirect } from "next/navigation";
import { oidcProvider } from "@/auth";
import { SignInForm } from "@/components/dashboard/sign-in-form";
import { currentStaff } from "@/lib/auth/staff";
import { signInWithSso } from "../session-actions";
import { getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = typeof sp.callbackUrl === "string" && sp.callbackUrl.startsWith("/dashboard") ? sp.callbackUrl : "/dashboard";
  if (await currentStaff()) redirect(callbackUrl);
  const t = await getTranslations("dashboard");
  const sso = oidcProvider();
  // next-auth sends OIDC refusals back here with ?error=AccessDenied.
  const ssoError = sp.error === "AccessDenied" ? t("signIn.ssoRefused") : sp.error === "EmailUnverified" ? t("signIn.ssoUnverified") : sp.error ? t("signIn.error") : null;
  return (
    <main className="dash-signin">
      <div className="card">
        <h1 style={{ fontSize: "1.4rem" }}>{t("signIn.title")}</h1>
        <p className="muted" style={{ marginTop: 0 }}>{t("signIn.lead")}</p>
        {sp.signedOut ? <p className="dash-alert dash-alert-info" role="status">{t("signIn.signedOut")}</p> : null}
        {ssoError ? <p className="dash-alert dash-alert-err" role="alert">{ssoError}</p> : null}
        <ClientMessages namespaces={["signIn"]}>
          <SignInForm callbackUrl={callbackUrl} />
        </ClientMessages>
        {sso ? (
          <form action={signInWithSso} style={{ marginTop: 16 }}>
            <p className="muted" style={{ textAlign: "center", margin: "0 0 12px" }}>{t("signIn.or")}</p>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button className="btn btn-secondary" type="submit" style={{ width: "100%", justifyContent: "center" }}>
              {t("signIn.sso", { name: sso.name })}
            </button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
