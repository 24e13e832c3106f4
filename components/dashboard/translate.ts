// The dashboard's translator type, shared by server components (getTranslations("dashboard"))
// and client components (useTranslations("dashboard")), and the text of a failed action.
import type { useTranslations } from "next-intl";
import type { DashboardProblem, Messages } from "@/lib/i18n";
import type { Lang } from "@/lib/providers/types";

export type DashT = ReturnType<typeof useTranslations<"dashboard">>;
export type ProblemKey = DashboardProblem;
type ErrorCode = keyof Messages["dashboard"]["errors"];

/**
 * An action error's text in the reader's language. The server's own messages are English; an
 * expected dashboard problem (lib/auth/staff.ts DashProblem) has its own text in every language.
 */
export function errorText(t: DashT, lang: Lang, code: string, message?: string, problem?: ProblemKey): string {
  if (lang === "en" && message) return message;
  if (problem) return t(`problems.${problem}`);
  return t.has(`errors.${code as ErrorCode}`) ? t(`errors.${code as ErrorCode}`) : t("common.error");
}
