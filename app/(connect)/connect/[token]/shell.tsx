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
      </main>
    </div>
  );
}
