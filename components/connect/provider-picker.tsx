"use client";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import type { Category } from "@/lib/providers/types";
import { ProviderLogo } from "./provider-logo";
import type { WizardProvider } from "./types";

const normalize = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]/g, "");

export function ProviderPicker({ providers, onChoose }: { providers: WizardProvider[]; onChoose: (p: WizardProvider) => void }) {
  const t = useTranslations("connect.picker");
  const id = useId();
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<Category | "all">("all");
  const categories = useMemo(() => [...new Set(providers.flatMap((p) => p.categories))], [providers]);
  const shown = providers.filter((p) => (category === "all" || p.categories.includes(category)) && (!query.trim() || normalize(p.name).includes(normalize(query))));

  return (
    <>
      <p>{t("intro")}</p>
      <div className="lk-picker-filters">
        <div className="ui-field">
          <label htmlFor={`${id}-q`} className="ui-label">
            {t("searchLabel")}
          </label>
          <input
            id={`${id}-q`}
            className="ui-input"
            type="search"
            value={query}
            maxLength={60}
            placeholder={t("searchPlaceholder")}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        {categories.length > 1 ? (
          <fieldset className="lk-segmented">
            <legend className="ui-label">{t("categoryLabel")}</legend>
            {(["all", ...categories] as const).map((c) => (
              <label key={c} className={category === c ? "lk-seg lk-seg-on" : "lk-seg"}>
                <input type="radio" name={`${id}-cat`} value={c} checked={category === c} onChange={() => setCategory(c)} />
                {c === "all" ? t("categoryAll") : t(`category_${c}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {t("count", { count: shown.length })}
      </p>
      {shown.length ? (
        <ul className="lk-providers">
          {shown.map((p) => (
            <li key={p.id}>
              <button type="button" className="lk-provider" onClick={() => onChoose(p)}>
                <ProviderLogo logo={p.logo} />
                <span className="lk-provider-text">
                  <span className="lk-provider-name">{p.name}</span>
                  <span className="lk-provider-cats">{p.categories.map((c) => t(`category_${c}`)).join(" · ")}</span>
                </span>
                <span className="lk-chevron" aria-hidden="true">
                  ›
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="lk-empty">{t("noResults", { query: query.trim() })}</p>
      )}
    </>
  );
}
