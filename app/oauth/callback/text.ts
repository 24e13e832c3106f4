// The words of an OAuth outcome in one language (the catalog's `connect.oauth`), for the callback page.
import "server-only";
import type { OAuthOutcome } from "@/lib/connections/oauth";
import { serverTranslator } from "@/lib/i18n";
import { getProvider } from "@/lib/providers";
import type { Lang } from "@/lib/providers/types";

/** The outcome as text, in one language (the catalog's `connect.oauth`). */
export function outcomeText(outcome: OAuthOutcome, lang: Lang, workspaceName: string): { title: string; body: string } {
  const t = serverTranslator(lang, "connect");
  const provider = (outcome.provider && getProvider(outcome.provider)?.name) || serverTranslator(lang, "common")("yourHrSystem");
  if (outcome.ok) {
    const parts = [t("oauth.result.connected", { provider })];
    if (outcome.accountLabel) parts.push(t("oauth.result.account", { account: outcome.accountLabel }));
    return { title: t("oauth.result.okTitle"), body: parts.join(" ") };
  }
  const body = t(`oauth.errors.${outcome.code}`, { provider, workspace: workspaceName, scopes: (outcome.missingScopes ?? []).join(", ") });
  return { title: t("oauth.result.failTitle"), body };
}

