import { DashNav } from "@/components/dashboard/nav";
import { canManageStaff, currentStaff } from "@/lib/auth/staff";
import { setDashLanguage, signOutAction } from "../session-actions";
import { getLocale, getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Each page runs requireStaffPage itself (with its own path to return to after sign-in); the
  // layout only decides what the header shows, and without a session it shows nothing.
  const staff = await currentStaff();
  if (!staff) return <>{children}</>;
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const links = [
    { href: "/dashboard", label: t("nav.connections") },
    { href: "/dashboard/flow-failures", label: t("nav.flowFailures") },
    { href: "/dashboard/insights", label: t("nav.insights") },
    { href: "/dashboard/audit", label: t("nav.audit") },
    ...(staff.role === "admin" ? [{ href: "/dashboard/settings", label: t("nav.settings") }] : []),
    ...(canManageStaff(staff) ? [{ href: "/dashboard/staff", label: t("nav.staff") }] : []),
  ];
  return (
    <>
      <a className="dash-skip" href="#main">{t("skip")}</a>
      <header className="dash-top">
        <div className="dash-top-inner">
          <a className="dash-brand" href="/dashboard">
            <span className="dash-brand-mark" aria-hidden="true">L</span>
            {t("appName")}
          </a>
          <DashNav links={links} label={t("nav.main")} />
          <div className="dash-user">
            <form action={setDashLanguage} className="dash-row" aria-label={t("language")}>
              <button className={`btn-link`} name="lang" value={lang === "en" ? "de" : "en"} type="submit" lang={lang === "en" ? "de" : "en"}>
                {lang === "en" ? "Deutsch" : "English"}
              </button>
            </form>
            <span>
              {staff.email} <span className="badge badge-neutral">{t(`role.${staff.role}`)}</span>
            </span>
            <form action={signOutAction}>
              <button className="btn btn-secondary" type="submit">{t("signOut")}</button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="dash-main">
        {children}
      </main>
    </>
  );
}
