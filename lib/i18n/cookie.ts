// The one language cookie: a staff member's dashboard language, read by lib/i18n/request.ts.
import "server-only";
import { cookies, headers } from "next/headers";
import { isLang, languageFromAcceptLanguage } from "./index";
import type { Lang } from "@/lib/providers/types";

const LANG_COOKIE = "latchkey_dash_lang";

/** The request's language: the language cookie, else Accept-Language, else English. */
export async function requestLanguage(): Promise<Lang> {
  const c = (await cookies()).get(LANG_COOKIE)?.value;
  if (isLang(c)) return c;
  return languageFromAcceptLanguage((await headers()).get("accept-language")) ?? "en";
}

export async function setLanguageCookie(lang: Lang): Promise<void> {
  (await cookies()).set(LANG_COOKIE, lang, { path: "/dashboard", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
}
