import type { Metadata } from "next";
import { ClientMessages } from "@/components/dashboard/client-messages";
import { StaffPanel } from "@/components/dashboard/staff-panel";
import { redirect } from "next/navigation";
import { canManageStaff, requireStaffPage } from "@/lib/auth/staff";
import { listWorkspaceOptions, readSnapshot } from "@/lib/db/queries/dashboard";
import { listStaff, toStaffDto } from "@/lib/db/queries/staff";
import { getEnv } from "@/lib/env";
import { getLocale, getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Support staff" };

export default async function StaffPage() {
  const me = await requireStaffPage("admin", "/dashboard/staff");
  if (!canManageStaff(me)) redirect("/dashboard/forbidden");
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  // The DTO says whether an account has a password, never anything about it.
  const [rows, workspaces] = await readSnapshot(async (db) => [await listStaff(db), await listWorkspaceOptions(db)] as const);
  const members = rows.map(toStaffDto);
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p className="dash-lead">{t("staff.lead")}</p>
      <ClientMessages namespaces={["staff", "role"]}>
        <StaffPanel lang={lang} meId={me.id} members={members} workspaces={workspaces} ssoAvailable={getEnv().oidcEnabled} />
      </ClientMessages>
    </>
  );
}
