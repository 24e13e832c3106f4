"use client";
// "What to tick": exactly the permissions this session asks for, in the provider's own words, after
// the guide's steps and before the form, so that the admin gets them right the first time rather
// than learning them from a failed test. The marks are empty boxes to tick in the provider, never
// a ✓ that could read as "already granted".
import { useTranslations } from "next-intl";
import type { WizardProvider } from "./types";

/** Each permission once (several scopes can need the same one), required before optional. */
export function checklistOf(provider: Pick<WizardProvider, "scopes">): { required: string[]; optional: string[] } {
  const required = [...new Set(provider.scopes.filter((s) => s.required).map((s) => s.permission))];
  const optional = [...new Set(provider.scopes.filter((s) => !s.required).map((s) => s.permission))].filter((p) => !required.includes(p));
  return { required, optional };
}

function Items({ items }: { items: string[] }) {
  return (
    <ul className="lk-ticklist">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function Checklist({ provider }: { provider: WizardProvider }) {
  const t = useTranslations("connect.checklist");
  const { required, optional } = checklistOf(provider);
  if (!required.length && !optional.length && !provider.checklistExtras.length) return null;
  return (
    <section className="lk-tick" aria-labelledby="lk-tick-title" data-testid="checklist">
      <h3 id="lk-tick-title" className="lk-subtitle">
        {t("title", { provider: provider.name })}
      </h3>
      <p className="ui-help">{t("intro", { provider: provider.name })}</p>
      {required.length ? (
        <>
          <h4 className="lk-subtitle-small">{t("required")}</h4>
          <Items items={required} />
        </>
      ) : null}
      {provider.checklistExtras.map((x) => (
        <div key={x.title}>
          <h4 className="lk-subtitle-small">{x.title}</h4>
          <Items items={x.items} />
        </div>
      ))}
      {optional.length ? (
        <>
          <h4 className="lk-subtitle-small">{t("optional")}</h4>
          <Items items={optional} />
        </>
      ) : null}
    </section>
  );
}
