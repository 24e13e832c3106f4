// The text the wizard showed for an error code, so support reads what the customer read.
import "server-only";
import { sessionErrorMessages } from "@/lib/connect/session";
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
  return null;
}
