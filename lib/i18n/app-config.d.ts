// Types every next-intl call (useTranslations, getTranslations, createTranslator) against the
// English catalog: a misspelt key or a namespace that does not exist fails tsc.
import type { Lang } from "@/lib/providers/types";
import type { Messages } from "./index";

declare module "next-intl" {
  interface AppConfig {
    Locale: Lang;
    Messages: Messages;
  }
}
