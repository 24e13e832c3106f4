// The wizard's frame: the workspace's brand (name, logo, accent colour made readable) and the
// language of the page. Server component: no client JS.
import { accentColors } from "@/components/connect/accent";
import type { Workspace } from "@/lib/db/schema";
import { serverTranslator } from "@/lib/i18n";
import type { Lang } from "@/lib/providers/types";

export function WizardShell({ lang, workspace, children }: { lang: Lang; workspace?: Workspace; children: React.ReactNode }) {
  const t = serverTranslator(lang, "connect");
  const colors = accentColors(workspace?.branding.accentColor);
  const name = workspace ? workspace.branding.displayName || workspace.name : null;
  const logoUrl = workspace?.branding.logoUrl && /^https:\/\//.test(workspace.branding.logoUrl) ? workspace.branding.logoUrl : null;
  const style = { "--accent": colors.accent, "--accent-contrast": colors.contrast } as React.CSSProperties;
  return (
    <div className="lk-page" lang={lang} style={style}>
      <main className="lk-card">
        <header className="lk-header">
          {name ? (
            <p className="lk-brand">
              {logoUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- a vendor's logo on another host; next/image would proxy it
                <img src={logoUrl} alt="" className="lk-brand-logo" width={28} height={28} />
              ) : (
                <span className="lk-brand-mark" aria-hidden="true">
                  {name.slice(0, 1).toUpperCase()}
                </span>
              )}
              <span className="lk-brand-name">{name}</span>
            </p>
          ) : null}
          <h1 className="lk-title">{t("header.title")}</h1>
          {name ? <p className="lk-subtitle-text">{t("header.subtitle", { workspace: name })}</p> : null}
        </header>
        {children}
        <footer className="lk-footer">
          <svg className="lk-lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 1 0-4 0v2Z" fill="currentColor" />
          </svg>{" "}
          {t("header.securedBy")}
        </footer>
      </main>
    </div>
  );
}
