"use client";
import { useLocale } from "next-intl";
import { useEffect } from "react";

/** The root layout renders <html lang="en">; the wizard's language is the session's. */
export function useDocumentLang() {
  const locale = useLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}
