"use client";
// next-intl's client provider, entered from the client side so that next-intl's server wrapper
// (which fills in time zone, formats and "now" from lib/i18n/request.ts, the dashboard's
// cookie-based configuration) is not involved: the wizard's language is its session's.
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import type { Lang } from "@/lib/providers/types";

export function IntlProvider({ locale, messages, children }: { locale: Lang; messages: AbstractIntlMessages; children: React.ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}
