// next-intl without locale routing: the wizard's language comes from its session, the
// dashboard's from a cookie (lib/i18n/cookie.ts), never from the URL. The build precompiles every
// file under messages/ (next.config.mjs, `experimental.messages.precompile`), so the browser
// formats with next-intl's small precompiled-message formatter instead of an ICU parser.
//
// One catalog per language: messages/<lang>.json (namespaces common, connect, dashboard) plus one
// file per provider and language, messages/providers/<id>/<lang>.json, mounted as the namespace
// `providers.<id>` (a provider's guide, prerequisites, field labels, permission names, fix-its).
import { createTranslator, type AbstractIntlMessages } from "next-intl";
import en from "@/messages/en.json";
import de from "@/messages/de.json";
import fr from "@/messages/fr.json";
import es from "@/messages/es.json";
import it from "@/messages/it.json";
import nl from "@/messages/nl.json";
import hrworksEn from "@/messages/providers/hrworks/en.json";
import hrworksDe from "@/messages/providers/hrworks/de.json";
import hrworksFr from "@/messages/providers/hrworks/fr.json";
import hrworksEs from "@/messages/providers/hrworks/es.json";
import hrworksIt from "@/messages/providers/hrworks/it.json";
import hrworksNl from "@/messages/providers/hrworks/nl.json";
import justworksEn from "@/messages/providers/justworks/en.json";
import justworksDe from "@/messages/providers/justworks/de.json";
import justworksFr from "@/messages/providers/justworks/fr.json";
import justworksEs from "@/messages/providers/justworks/es.json";
import justworksIt from "@/messages/providers/justworks/it.json";
import justworksNl from "@/messages/providers/justworks/nl.json";
import peoplehrEn from "@/messages/providers/peoplehr/en.json";
import peoplehrDe from "@/messages/providers/peoplehr/de.json";
import peoplehrFr from "@/messages/providers/peoplehr/fr.json";
import peoplehrEs from "@/messages/providers/peoplehr/es.json";
import peoplehrIt from "@/messages/providers/peoplehr/it.json";
import peoplehrNl from "@/messages/providers/peoplehr/nl.json";
import personioEn from "@/messages/providers/personio/en.json";
import personioDe from "@/messages/providers/personio/de.json";
import personioFr from "@/messages/providers/personio/fr.json";
import personioEs from "@/messages/providers/personio/es.json";
import personioIt from "@/messages/providers/personio/it.json";
import personioNl from "@/messages/providers/personio/nl.json";
import { isLang, languages, type Lang } from "./languages";

export { isLang, languages };

const enCatalog = { ...en, providers: { hrworks: hrworksEn, personio: personioEn, peoplehr: peoplehrEn, justworks: justworksEn } };
export type Messages = typeof enCatalog;
/** An expected dashboard problem whose text is in every language (lib/auth/staff.ts DashProblem). */
export type DashboardProblem = keyof Messages["dashboard"]["problems"];

const all: Record<Lang, Messages> = {
  en: enCatalog,
  de: { ...de, providers: { hrworks: hrworksDe, personio: personioDe, peoplehr: peoplehrDe, justworks: justworksDe } } as Messages,
  fr: { ...fr, providers: { hrworks: hrworksFr, personio: personioFr, peoplehr: peoplehrFr, justworks: justworksFr } } as Messages,
  es: { ...es, providers: { hrworks: hrworksEs, personio: personioEs, peoplehr: peoplehrEs, justworks: justworksEs } } as Messages,
  it: { ...it, providers: { hrworks: hrworksIt, personio: personioIt, peoplehr: peoplehrIt, justworks: justworksIt } } as Messages,
  nl: { ...nl, providers: { hrworks: hrworksNl, personio: personioNl, peoplehr: peoplehrNl, justworks: justworksNl } } as Messages,
};

/** A text by catalog key, with its ICU values, resolved in the reader's language when shown. */
export type MessageRef = { key: string; values?: Record<string, string | number> };

/**
 * One catalog text in every language (e.g. a check result stored or shown later in the reader's
 * language). `key` is a full path, e.g. `providers.personio.scopes.employees.fix`.
 */
type AnyTranslator = (key: string, values?: Record<string, string | number>) => string;
// One translator per language for the whole process: next-intl caches parsed messages per
// translator, and the check engine resolves dozens of texts per check.
const translators = new Map<Lang, AnyTranslator>();
function translatorFor(lang: Lang): AnyTranslator {
  let t = translators.get(lang);
  if (!t) {
    t = createTranslator({ locale: lang, messages: all[lang] as Record<string, unknown> }) as unknown as AnyTranslator;
    translators.set(lang, t);
  }
  return t;
}

export function localize(key: string, values?: Record<string, string | number>): Record<Lang, string> {
  return Object.fromEntries(languages.map((lang) => [lang, translatorFor(lang)(key, values)])) as Record<Lang, string>;
}

/** One catalog text in every language, with values worded per language (e.g. a quoted list). */
export function localizeEach(key: string, values: (lang: Lang) => Record<string, string | number>): Record<Lang, string> {
  return Object.fromEntries(languages.map((lang) => [lang, translatorFor(lang)(key, values(lang))])) as Record<Lang, string>;
}

export function messagesFor(lang: Lang): Messages {
  return all[lang];
}

/**
 * The first supported language of an Accept-Language header, by quality then order; null if
 * none is supported. `de-AT` counts as `de`, `fr-CA` as `fr`.
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

/** A translator for one namespace, for code that knows its language (the wizard's session). */
export function serverTranslator<N extends keyof Messages>(lang: Lang, namespace: N) {
  return createTranslator({ locale: lang, messages: all[lang], namespace });
}

/**
 * Only the given subtrees of a catalog (dot paths, e.g. `dashboard.actions`), for a client
 * component's NextIntlClientProvider: the browser gets the texts it renders, in one language.
 */
export function pickMessages(messages: Messages, paths: readonly string[]): AbstractIntlMessages {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const parts = path.split(".");
    let src: unknown = messages;
    for (const part of parts) src = src && typeof src === "object" ? (src as Record<string, unknown>)[part] : undefined;
    if (src === undefined) throw new Error(`pickMessages: no messages at ${path}`);
    let dst = out;
    for (const part of parts.slice(0, -1)) dst = (dst[part] ??= {}) as Record<string, unknown>;
    dst[parts.at(-1)!] = src;
  }
  return out as AbstractIntlMessages;
}

