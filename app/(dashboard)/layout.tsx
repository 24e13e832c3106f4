import "@/components/dashboard/dashboard.css";
import { getLocale } from "next-intl/server";

export default async function DashboardRootLayout({ children }: { children: React.ReactNode }) {
  const lang = await getLocale();
  return (
    <div className="dash" lang={lang}>
      {children}
    </div>
  );
}
