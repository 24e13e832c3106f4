"use client";
// Workspace settings → OAuth apps: per provider with an OAuth route, the redirect URI to register
// with it, the client id, the client secret (write-only: only its last characters come back) and
// whether the wizard offers OAuth first.
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { removeOAuthAppAction, saveOAuthAppAction } from "@/app/(dashboard)/dashboard/(app)/settings/actions";
import { failureNotice, NoticeLine, type Notice } from "@/components/dashboard/notice";
import type { Lang } from "@/lib/providers/types";

export type OAuthAppRow = { provider: string; name: string; clientId: string; preferred: boolean; secretFingerprint: string | null; hasSecret: boolean };

export function OAuthAppsPanel({ lang, workspaceId, redirectUri, apps }: { lang: Lang; workspaceId: string; redirectUri: string; apps: OAuthAppRow[] }) {
  const t = useTranslations("dashboard");
  return (
    <section className="dash-section" aria-labelledby="oauth-h">
      <h2 id="oauth-h">{t("settings.oauth.title")}</h2>
      <p className="dash-sub">{t("settings.oauth.intro")}</p>
      <p>
        {t("common.labelled", { label: t("settings.oauth.redirectUri") })} <code className="dash-mono" data-testid="oauth-redirect-uri">{redirectUri}</code>
      </p>
      {apps.map((a) => (
        <OAuthAppForm key={`${workspaceId}-${a.provider}`} lang={lang} workspaceId={workspaceId} app={a} />
      ))}
    </section>
  );
}

function OAuthAppForm({ lang, workspaceId, app }: { lang: Lang; workspaceId: string; app: OAuthAppRow }) {
  const t = useTranslations("dashboard");
  const [clientId, setClientId] = useState(app.clientId);
  const [secret, setSecret] = useState("");
  const [preferred, setPreferred] = useState(app.preferred);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  const id = (f: string) => `oauth-${app.provider}-${f}`;
  return (
    <form
      className="dash-card"
      data-testid={`oauth-app-${app.provider}`}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveOAuthAppAction(workspaceId, { provider: app.provider, clientId, clientSecret: secret, preferred });
          setSecret("");
          setNotice(r.ok ? { tone: "ok", text: t("settings.oauth.saved", { provider: app.name }) } : failureNotice(t, lang, r));
        });
      }}
    >
      <h3>{app.name}</h3>
      <NoticeLine notice={notice} />
      <div className="dash-field">
        <label htmlFor={id("client")}>{t("settings.oauth.clientId")}</label>
        <input id={id("client")} value={clientId} maxLength={200} autoComplete="off" spellCheck={false} onChange={(e) => setClientId(e.target.value)} />
      </div>
      <div className="dash-field">
        <label htmlFor={id("secret")}>{t("settings.oauth.clientSecret")}</label>
        <input id={id("secret")} type="password" value={secret} maxLength={2048} autoComplete="new-password" onChange={(e) => setSecret(e.target.value)} />
        <p className="dash-sub">{app.hasSecret ? t("settings.oauth.clientSecretKeep", { last: app.secretFingerprint ?? "…" }) : t("settings.oauth.none")}</p>
      </div>
      <label className="dash-check">
        <input type="checkbox" checked={preferred} onChange={(e) => setPreferred(e.target.checked)} /> {t("settings.oauth.preferred")}
      </label>
      <div className="dash-row" style={{ gap: 12, marginTop: 12 }}>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          {t("settings.oauth.save", { provider: app.name })}
        </button>
        {app.hasSecret ? (
          <button
            className="btn btn-secondary"
            type="button"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await removeOAuthAppAction(workspaceId, app.provider);
                setNotice(r.ok ? { tone: "ok", text: t("settings.oauth.removed", { provider: app.name }) } : failureNotice(t, lang, r));
              })
            }
          >
            {t("settings.oauth.remove", { provider: app.name })}
          </button>
        ) : null}
      </div>
    </form>
  );
}
