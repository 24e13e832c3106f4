// Gives the client components below it the dashboard texts they render, in the reader's language
// only: the named namespaces plus what every action's result line needs (common, errors,
// problems). Server components translate with getTranslations and need none of this.
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { messagesFor, pickMessages, type Messages } from "@/lib/i18n";

type DashNamespace = keyof Messages["dashboard"];

export async function ClientMessages({ namespaces, children }: { namespaces: DashNamespace[]; children: React.ReactNode }) {
  const lang = await getLocale();
  const paths = [...new Set<DashNamespace>([...namespaces, "common", "errors", "problems"])].map((n) => `dashboard.${n}`);
  return (
    <NextIntlClientProvider locale={lang} messages={pickMessages(messagesFor(lang), paths)} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}
