// The text the wizard showed for an error code, so support reads what the customer read.
import "server-only";
import { sessionErrorMessages } from "@/lib/connect/session";
import { oauthFailures, redirectUri } from "@/lib/connections/oauth";
import { serverTranslator } from "@/lib/i18n";
import { getProvider } from "@/lib/providers";
import { outcomeMessage } from "@/lib/providers/messages";
import { providerOutcomeMessage } from "@/lib/providers/text";
import { checkOutcomes, type CheckOutcome } from "@/lib/providers/types";
import type { Lang } from "@/lib/providers/types";
import { providerName } from "@/components/dashboard/format";

export function customerSaw(code: string | null, provider: string | null, lang: Lang): string | null {
  if (!code) return null;
  if ((checkOutcomes as readonly string[]).includes(code) && code !== "ok") {
    const input = { provider: provider ? providerName(provider) : serverTranslator(lang, "common")("yourHrSystem") };
    const definition = provider ? getProvider(provider) : undefined;
    return (definition ? providerOutcomeMessage(definition, code as CheckOutcome, input) : outcomeMessage(code as CheckOutcome, input))[lang];
  }
  if (code in sessionErrorMessages) return sessionErrorMessages[code as keyof typeof sessionErrorMessages][lang];
  // The OAuth route's failures (lib/connections/oauth.ts records them as `oauth_<code>`). A refused
  // client id or secret is the vendor's to fix: support reads what to correct, not what the customer read.
  const oauth = code.startsWith("oauth_") ? code.slice(6) : undefined;
  if (oauth && (oauthFailures as readonly string[]).includes(oauth)) {
    const name = provider ? providerName(provider) : serverTranslator(lang, "common")("yourHrSystem");
    if (oauth === "client_misconfigured") return serverTranslator(lang, "dashboard")("settings.oauth.misconfigured", { provider: name, redirectUri: redirectUri() });
    const workspace = serverTranslator(lang, "dashboard")("settings.oauth.yourWorkspace");
    return serverTranslator(lang, "connect")(`oauth.errors.${oauth}` as "oauth.errors.denied", { provider: name, workspace, scopes: "…" });
  }
  return null;
}
