// The one list of languages Latchkey speaks. Everything that accepts or offers a language reads it
// from here: the catalog (lib/i18n/index.ts), the session API's `language` (lib/connect/api-schemas.ts),
// workspace settings, the dashboard's language cookie and picker, the demo host. A new language is a
// new entry here plus messages/<lang>.json and messages/providers/<id>/<lang>.json; the key-parity
// test (lib/i18n/catalog.test.ts) then demands every file. Client-safe: no catalog is imported.
export const languages = ["en", "de", "fr", "es", "it", "nl"] as const;
export type Lang = (typeof languages)[number];

/** Each language's name in itself, for pickers (shown in every UI language alike). */
export const languageNames: Record<Lang, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  it: "Italiano",
  nl: "Nederlands",
};

/** The locale that Intl formats dates and numbers with (British English: day before month). */
export const intlLocales: Record<Lang, string> = {
  en: "en-GB",
  de: "de-DE",
  fr: "fr-FR",
  es: "es-ES",
  it: "it-IT",
  nl: "nl-NL",
};

export function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (languages as readonly string[]).includes(v);
}

/** A name from a provider's interface, in the reader's quotation marks: “a”, „a“, « a », «a». */
export function quoted(name: string, lang: Lang): string {
  switch (lang) {
    case "de":
      return `„${name}“`;
    case "fr":
      return `«\u00a0${name}\u00a0»`;
    case "es":
    case "it":
      return `«${name}»`;
    default:
      return `“${name}”`;
  }
}
