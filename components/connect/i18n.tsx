"use client";
// The wizard's client-side translator. The server renders with next-intl (lib/i18n); in the
// browser the same message files are formatted by this small formatter instead of next-intl's
// client, whose ICU parser alone would push the wizard's first screen over its 150 KB budget.
// It understands what our messages use: {name} and {n, plural, one {…} other {…}} with #.
// format.test.ts checks every message against next-intl's own output.
import { createContext, useCallback, useContext, type ReactNode } from "react";
import { formatMessage, type Values } from "./format";

type Messages = Record<string, unknown>;
const Ctx = createContext<{ locale: string; messages: Messages }>({ locale: "en", messages: {} });

export function IntlProvider({ locale, messages, children }: { locale: string; messages: Messages; children: ReactNode }) {
  return <Ctx.Provider value={{ locale, messages }}>{children}</Ctx.Provider>;
}

export function useLocale(): string {
  return useContext(Ctx).locale;
}

function lookup(messages: Messages, path: string): string {
  let node: unknown = messages;
  for (const part of path.split(".")) node = node && typeof node === "object" ? (node as Messages)[part] : undefined;
  return typeof node === "string" ? node : path;
}

export function useTranslations(namespace: string) {
  const { locale, messages } = useContext(Ctx);
  return useCallback((key: string, values?: Values) => formatMessage(lookup(messages, `${namespace}.${key}`), values, locale), [messages, namespace, locale]);
}
