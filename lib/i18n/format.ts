// Formatting that needs no catalog, so client components can import it without pulling in
// lib/i18n/index.ts (which imports every language's messages).
import { intlLocales, type Lang } from "@/lib/i18n/languages";

/** A date and time for staff, always in UTC (the server's and the audit log's clock). */
export function formatDateTime(lang: Lang, d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(intlLocales[lang], { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(new Date(d)) + " UTC";
}
