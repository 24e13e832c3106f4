// The missing readable attributes in Personio's own words: the fix-it names each attribute the way
// "Readable employee attributes" lists it ("Hire date" / "Anstelldatum"), not by its API key.
// Server side (the texts come from the catalog through localize).
import { PERSONIO_ATTRIBUTE_LABELS } from "@/lib/providers/personio/guide";
import { providerText, providerTextEach, quotedList } from "@/lib/providers/text";
import type { Lang, Localized } from "@/lib/providers/types";

const known = new Set<string>(PERSONIO_ATTRIBUTE_LABELS);

/** Personio's label of an attribute in the reader's language; a custom attribute keeps its key. */
export function personioAttributeLabel(name: string, lang: Lang): string {
  return known.has(name) ? providerText("personio", `attributeNames.${name}`)[lang] : name;
}

/** The detail and fix-it of a check that found these attributes not readable. */
export function missingAttributesTexts(missing: readonly string[]): { detail: Localized; fix: Localized } {
  const list = (lang: Lang) => ({ attributes: quotedList(missing.map((a) => personioAttributeLabel(a, lang)), lang) });
  return { detail: providerTextEach("personio", "attributes.detail", list), fix: providerTextEach("personio", "attributes.fix", list) };
}
