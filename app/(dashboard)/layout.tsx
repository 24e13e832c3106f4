import "@/components/dashboard/dashboard.css";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { messagesFor, pickMessages } from "@/lib/i18n";

// What the dashboard's client components (forms, panels, action buttons) render, in the reader's
// language only; server components translate with getTranslations and send no messages.
const clientMessages = ["dashboard.actions", "dashboard.common", "dashboard.settings", "dashboard.signIn", "dashboard.role", "dashboard.staff", "dashboard.errors", "dashboard.problems"];

export default async function DashboardRootLayout({ children }: { children: React.ReactNode }) {
  const lang = await getLocale();
  return (
    <div className="dash" lang={lang}>
      <NextIntlClientProvider locale={lang} messages={pickMessages(messagesFor(lang), clientMessages)} timeZone="UTC">
        {children}
      </NextIntlClientProvider>
    </div>
  );
}
