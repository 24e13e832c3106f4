"use client";
import { useActionState } from "react";
import { signInWithPassword, type SignInState } from "@/app/(dashboard)/dashboard/session-actions";
import { useTranslations } from "next-intl";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("dashboard");
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, {});
  const message = state.error === "rate_limited" ? t("signIn.rateLimited") : state.error === "invalid" ? t("signIn.invalid") : state.error ? t("signIn.error") : null;
  return (
    <form action={action} noValidate={false}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {message ? (
        <p className="dash-alert dash-alert-err" role="alert" id="signin-error">
          {message}
        </p>
      ) : null}
      <div className="dash-field">
        <label htmlFor="email">{t("signIn.email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required aria-describedby={message ? "signin-error" : undefined} />
      </div>
      <div className="dash-field">
        <label htmlFor="password">{t("signIn.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn" type="submit" disabled={pending} style={{ justifyContent: "center" }}>
        {pending ? t("common.loading") : t("signIn.submit")}
      </button>
    </form>
  );
}
