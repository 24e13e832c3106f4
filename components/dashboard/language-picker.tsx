"use client";
import { languageNames, languages, type Lang } from "@/lib/i18n/languages";

// The dashboard's language: a select that submits its form (the server action sets the language
// cookie); without JavaScript the button does the same. Keyed by the language: React resets a
// form after its action, and an uncontrolled select would fall back to the language it was first
// rendered with; a new form per language starts on the one now in effect.
export function LanguagePicker({ lang, label, action, submit }: { lang: Lang; label: string; action: (formData: FormData) => Promise<void>; submit: string }) {
  return (
    <form key={lang} action={action} className="dash-row">
      <select name="lang" aria-label={label} defaultValue={lang} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
      <noscript>
        <button className="btn-link" type="submit">{submit}</button>
      </noscript>
    </form>
  );
}
