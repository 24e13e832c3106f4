import { requireStaffPage } from "@/lib/auth/staff";
import { getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";

export default async function ForbiddenPage() {
  await requireStaffPage("viewer");
  const t = await getTranslations("dashboard");
  return (
    <main className="dash-signin">
      <div className="card">
        <h1 style={{ fontSize: "1.3rem" }}>{t("forbidden.title")}</h1>
        <p>{t("forbidden.body")}</p>
        <a className="btn btn-secondary" href="/dashboard">{t("nav.connections")}</a>
      </div>
    </main>
  );
}
