// defineProvider returns its argument unchanged; its only job is typing: `secret`, `fieldMeta`,
// guide steps and the fingerprint field are checked against the zod schema's keys, so a typo in a
// field name fails `tsc` instead of rendering a broken form.
import type { z } from "zod";
import type { ProviderDefinition } from "@/lib/providers/types";

export function defineProvider<F extends z.ZodObject>(definition: ProviderDefinition<F>): ProviderDefinition<F> {
  return definition;
}
