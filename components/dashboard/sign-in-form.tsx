"use client";
import { useActionState } from "react";
import { signInWithPassword, type SignInState } from "@/app/(dashboard)/dashboard/session-actions";
import { dict, type DashLang } from "@/components/dashboard/i18n";

export function SignInForm({ lang, callbackUrl }: { lang: DashLang; callbackUrl: string }) {
  const d = dict(lang);
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, {});
  const message = state.error === "rate_limited" ? d.signIn.rateLimited : state.error === "invalid" ? d.signIn.invalid : state.error ? d.signIn.error : null;
  return (
    <form action={action} noValidate={false}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {message ? (
        <p className="dash-alert dash-alert-err" role="alert" id="signin-error">
          {message}
        </p>
      ) : null}
      <div className="dash-field">
        <label htmlFor="email">{d.signIn.email}</label>
        <input id="email" name="email" type="email" autoComplete="username" required aria-describedby={message ? "signin-error" : undefined} />
      </div>
      <div className="dash-field">
        <label htmlFor="password">{d.signIn.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn" type="submit" disabled={pending} style={{ justifyContent: "center" }}>
        {pending ? d.common.loading : d.signIn.submit}
      </button>
    </form>
  );
}
