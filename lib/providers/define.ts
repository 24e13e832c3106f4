// defineProvider returns its argument unchanged; its only job is typing: `secret`, `fieldMeta`,
// guide steps and the fingerprint field are checked against the zod schema's keys, so a typo in a
// field name fails `tsc` instead of rendering a broken form.
import type { z } from "zod";
import type { ProviderDefinition } from "@/lib/providers/types";

export function defineProvider<F extends z.ZodObject>(definition: ProviderDefinition<F>): ProviderDefinition<F> {
  return definition;
}

/**
 * What a pasted credential value may contain once trimmed: printable ASCII without spaces (case 27).
 * No line break, control character or non-ASCII letter reaches a provider's header or form: such a
 * value is refused as invalid before any request.
 */
export const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
