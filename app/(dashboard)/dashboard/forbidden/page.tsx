import { dict } from "@/components/dashboard/i18n";
import { getDashLang } from "@/components/dashboard/lang";
import { requireStaffPage } from "@/lib/auth/staff";

export const dynamic = "force-dynamic";

export default async function ForbiddenPage() {
  await requireStaffPage("viewer");
  const d = dict(await getDashLang());
  return (
    <main className="dash-signin">
      <div className="card">
        <h1 style={{ fontSize: "1.3rem" }}>{d.forbidden.title}</h1>
        <p>{d.forbidden.body}</p>
        <a className="btn btn-secondary" href="/dashboard">{d.nav.connections}</a>
      </div>
    </main>
  );
}
