// next-intl's request configuration (next.config.mjs points the plugin here), used by the
// dashboard's getTranslations/getLocale. The wizard passes its session's language and messages
// explicitly and does not depend on this.
import "server-only";
import { getRequestConfig } from "next-intl/server";
import { requestLanguage } from "./cookie";
import { isLang, messagesFor } from "./index";

export default getRequestConfig(async ({ locale }) => {
  const lang = isLang(locale) ? locale : await requestLanguage();
  return { locale: lang, messages: messagesFor(lang), timeZone: "UTC" };
});
