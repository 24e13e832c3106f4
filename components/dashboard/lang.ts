// The dashboard language: the staff member's choice (cookie), else the browser's preference.
import "server-only";
import { cookies, headers } from "next/headers";
import { LANG_COOKIE, type DashLang } from "@/components/dashboard/i18n";

export async function getDashLang(): Promise<DashLang> {
  const c = (await cookies()).get(LANG_COOKIE)?.value;
  if (c === "en" || c === "de") return c;
  const accept = (await headers()).get("accept-language") ?? "";
  return /^\s*de\b/i.test(accept) ? "de" : "en";
}
