// next-intl without locale routing: the wizard's language comes from its session, not the URL.
// The server picks the language and renders with next-intl's createTranslator; the wizard's
// client components format the same messages with components/connect/format.ts (smaller).
import { createTranslator } from "next-intl";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import type { Lang } from "@/lib/providers/types";

export const languages = ["en", "de"] as const satisfies readonly Lang[];
export type Messages = typeof en;

const all: Record<Lang, Messages> = { en, de };

export function messagesFor(lang: Lang): Messages {
  return all[lang];
}

export function isLang(v: unknown): v is Lang {
  return v === "en" || v === "de";
}

/**
 * The first supported language of an Accept-Language header, by quality then order; null if
 * none is supported. `de-AT` counts as `de`.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 500)
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: (tag ?? "").trim().toLowerCase().split("-")[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) if (isLang(r.base)) return r.base;
  return null;
}

/** The session's language, else the browser's, else the workspace's default. */
export function pickLanguage(input: { session?: string | null; acceptLanguage?: string | null; workspaceDefault?: string | null }): Lang {
  if (isLang(input.session)) return input.session;
  const browser = languageFromAcceptLanguage(input.acceptLanguage);
  if (browser) return browser;
  return isLang(input.workspaceDefault) ? input.workspaceDefault : "en";
}

export function serverTranslator<N extends keyof Messages>(lang: Lang, namespace: N) {
  return createTranslator({ locale: lang, messages: all[lang], namespace });
}
