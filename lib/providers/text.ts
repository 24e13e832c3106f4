// A provider's texts, resolved from its message files (messages/providers/<id>/<lang>.json) in
// every language: check results keep the `Localized` shape because they are stored and shown later
// in the reader's language. Server side only (the catalog must not reach the wizard's bundle).
import { localize, localizeEach } from "@/lib/i18n";
import { quoted } from "@/lib/i18n/languages";
import { outcomeMessage, type OutcomeMessageInput } from "@/lib/providers/messages";
import type { CheckOutcome, Lang, Localized, ProviderDefinition, ProviderId, TextKey } from "@/lib/providers/types";

type Values = Record<string, string | number>;

export function providerText(id: ProviderId, key: TextKey, values?: Values): Localized {
  return localize(`providers.${id}.${key}`, values);
}

/** For values that are themselves worded per language (e.g. a list in that language's quotes). */
export function providerTextEach(id: ProviderId, key: TextKey, values: (lang: Lang) => Values): Localized {
  return localizeEach(`providers.${id}.${key}`, values);
}

/** A list of names in the reader's quotation marks: “a”, “b” or „a“, „b“ or « a », « b ». */
export function quotedList(names: readonly string[], lang: Lang): string {
  return names.map((n) => quoted(n, lang)).join(", ");
}

/**
 * A check outcome's message for this provider: its own words where it has them (Personio speaks
 * of a client ID and secret when it refuses the credentials), else the shared text. The wizard and
 * the dashboard's "what the customer saw" both use this, so support reads what the customer read.
 */
export function providerOutcomeMessage(definition: Pick<ProviderDefinition, "id" | "invalidCredentialsText">, outcome: CheckOutcome, input: OutcomeMessageInput): Localized {
  if (outcome === "invalid_credentials" && definition.invalidCredentialsText) return providerText(definition.id, definition.invalidCredentialsText);
  return outcomeMessage(outcome, input);
}
