import "@/components/dashboard/dashboard.css";
import { getDashLang } from "@/components/dashboard/lang";

export default async function DashboardRootLayout({ children }: { children: React.ReactNode }) {
  const lang = await getDashLang();
  return (
    <div className="dash" lang={lang}>
      {children}
    </div>
  );
}
