// The words of a check result in every language: the scope names the wizard shows and the outcome
// message the engine writes. The texts live in the catalog (messages/<lang>.json `common.scopeNames`
// and `common.outcome`); this file picks the message and fills in the provider's own names.
// Server side (lib/i18n/index.ts imports every catalog).
import { localize, localizeEach } from "@/lib/i18n";
import { intlLocales, quoted } from "@/lib/i18n/languages";
import type { CheckOutcome, Lang, Localized, ScopeId } from "@/lib/providers/types";

/** A scope's name in the reader's language (`ats.jobs` is `common.scopeNames.ats_jobs`). */
export function scopeLabel(id: ScopeId): Localized {
  return localize(`common.scopeNames.${id.replace(".", "_")}`);
}

/** “a”, “b” and “c” in the reader's quotation marks and words (Intl.ListFormat). */
function quotedNames(names: readonly string[], lang: Lang): string {
  return new Intl.ListFormat(intlLocales[lang], { style: "long", type: "conjunction" }).format(names.map((n) => quoted(n, lang)));
}

export type OutcomeMessageInput = {
  provider: string;
  /** The provider's own names of the missing required permissions. */
  missingRequired?: Localized[];
  /** The provider's own names of missing optional permissions (the connection still works). */
  missingOptional?: Localized[];
  retryAfterSeconds?: number;
  /** provider_unreachable: the provider answered too slowly rather than not at all. */
  timedOut?: boolean;
  /** invalid_credentials: the provider takes a single secret (People HR's API key), not a pair. */
  singleSecret?: boolean;
};

/** A request Latchkey held back to stay within the provider's documented limit (lib/providers/budget.ts). */
export function budgetMessage(provider: string, retryAfterSeconds: number | undefined) {
  return localize("common.providerBudget", { provider, seconds: Math.max(1, retryAfterSeconds ?? 60) });
}

/** One message per outcome, naming the provider and what to do next. */
export function outcomeMessage(outcome: CheckOutcome, input: OutcomeMessageInput): Localized {
  const provider = input.provider;
  const withNames = (key: string, xs: Localized[] | undefined) =>
    localizeEach(`common.outcome.${key}`, (lang) => ({ provider, count: xs?.length ?? 0, names: quotedNames((xs ?? []).map((x) => x[lang]), lang) }));
  switch (outcome) {
    case "ok":
      return input.missingOptional?.length ? withNames("okOptional", input.missingOptional) : localize("common.outcome.ok", { provider });
    case "missing_scopes":
      return withNames("missing", input.missingRequired);
    case "invalid_credentials":
      return localize(input.singleSecret ? "common.outcome.invalidKey" : "common.outcome.invalidPair", { provider });
    case "rate_limited":
      return input.retryAfterSeconds !== undefined
        ? localize("common.outcome.rateLimitedFor", { provider, seconds: input.retryAfterSeconds })
        : localize("common.outcome.rateLimited", { provider });
    case "provider_unreachable":
      return localize(input.timedOut ? "common.outcome.timedOut" : "common.outcome.unreachable", { provider });
    case "provider_error":
      return localize("common.outcome.providerError", { provider });
  }
}
