"use client";
import { useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction, saveWorkspaceSettings } from "@/app/(dashboard)/dashboard/(app)/settings/actions";
import { failureNotice, NoticeLine, resultNotice, SecretOnce, type Notice } from "@/components/dashboard/notice";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import { languageNames, languages, type Lang } from "@/lib/i18n/languages";

type General = {
  origins: string;
  displayName: string;
  logoUrl: string;
  accentColor: string;
  defaultLanguage: Lang;
  /** By provider id, then field key. */
  providerSettings: Record<string, Record<string, string>>;
};

/** A provider's settings fields (lib/providers/settings.ts), texts already in the reader's language. */
export type ProviderSettingsForm = {
  id: string;
  name: string;
  fields: Array<{ key: string; label: string; hint?: string; invalid: string; placeholder?: string; maxLength: number }>;
};

export function GeneralSettingsForm({ lang, workspaceId, initial, providers }: { lang: Lang; workspaceId: string; initial: General; providers: ProviderSettingsForm[] }) {
  const t = useTranslations("dashboard");
  const [v, setV] = useState(initial);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  const set = (k: Exclude<keyof General, "providerSettings">) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setV({ ...v, [k]: e.target.value });
  const setProvider = (id: string, key: string) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setV({ ...v, providerSettings: { ...v.providerSettings, [id]: { ...v.providerSettings[id], [key]: e.target.value } } });
  // A refused provider setting: the provider's own text for that field, in the reader's language.
  const refused = (fieldErrors: Record<string, string[]> | undefined) =>
    providers.flatMap((p) => p.fields.filter((f) => fieldErrors?.[`providerSettings.${p.id}.${f.key}`]).map((f) => f.invalid));
  return (
    <section className="dash-section" aria-labelledby="gen-h">
      <h2 id="gen-h">{t("settings.general")}</h2>
      <NoticeLine notice={notice} />
      <form
        className="dash-stack"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await saveWorkspaceSettings(workspaceId, v);
            const texts = r.ok ? [] : refused(r.fieldErrors);
            setNotice(texts.length ? { tone: "err", text: texts.join(" ") } : resultNotice(t, lang, r, t("settings.saved")));
          });
        }}
      >
        <div className="dash-field">
          <label htmlFor="g-origins">{t("settings.origins")}</label>
          <textarea id="g-origins" rows={3} value={v.origins} onChange={set("origins")} aria-describedby="g-origins-hint" />
          <small id="g-origins-hint">{t("settings.originsHint")}</small>
        </div>
        <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
          <div className="dash-field">
            <label htmlFor="g-name">{t("settings.displayName")}</label>
            <input id="g-name" type="text" value={v.displayName} onChange={set("displayName")} />
          </div>
          <div className="dash-field" style={{ flex: 1 }}>
            <label htmlFor="g-logo">{t("settings.logoUrl")}</label>
            <input id="g-logo" type="url" value={v.logoUrl} onChange={set("logoUrl")} placeholder="https://" />
          </div>
          <div className="dash-field">
            <label htmlFor="g-accent">{t("settings.accent")}</label>
            <input id="g-accent" type="text" value={v.accentColor} onChange={set("accentColor")} placeholder="#4f46e5" size={9} />
          </div>
          <div className="dash-field">
            <label htmlFor="g-lang">{t("settings.defaultLanguage")}</label>
            <select id="g-lang" value={v.defaultLanguage} onChange={set("defaultLanguage")}>
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {providers.map((p) => (
          <fieldset key={p.id} className="dash-row" style={{ alignItems: "flex-start", gap: 16, border: "none", padding: 0, margin: 0 }}>
            <legend className="dash-label">{t("settings.providerSettings", { provider: p.name })}</legend>
            {p.fields.map((f) => {
              const id = `g-${p.id}-${f.key}`;
              return (
                <div className="dash-field" key={f.key}>
                  <label htmlFor={id}>{f.label}</label>
                  <input
                    id={id}
                    type="text"
                    value={v.providerSettings[p.id]?.[f.key] ?? ""}
                    onChange={setProvider(p.id, f.key)}
                    placeholder={f.placeholder}
                    maxLength={f.maxLength}
                    aria-describedby={f.hint ? `${id}-hint` : undefined}
                  />
                  {f.hint ? <small id={`${id}-hint`}>{f.hint}</small> : null}
                </div>
              );
            })}
          </fieldset>
        ))}
        <div>
          <button className="btn" type="submit" disabled={pending}>{t("settings.save")}</button>
        </div>
      </form>
    </section>
  );
}

type KeyRow = { id: string; name: string; display: string; permissions: string[]; readsSecrets: boolean; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function ApiKeysPanel({ lang, workspaceId, keys, permissionOptions }: { lang: Lang; workspaceId: string; keys: KeyRow[]; permissionOptions: readonly string[] }) {
  const t = useTranslations("dashboard");
  const [name, setName] = useState("");
  const [perms, setPerms] = useState<string[]>(["sessions:write"]);
  const [created, setCreated] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  return (
    <section className="dash-section" aria-labelledby="keys-h">
      <h2 id="keys-h">{t("settings.apiKeys")}</h2>
      <NoticeLine notice={notice} />
      {created ? <SecretOnce t={t} lead={t("settings.keyShown")} value={created} testId="new-api-key" /> : null}
      <div className="dash-table-wrap">
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{t("settings.keyName")}</th>
              <th scope="col">{t("settings.keyPermissions")}</th>
              <th scope="col">{t("settings.keyCreated")}</th>
              <th scope="col">{t("settings.keyLastUsed")}</th>
              <th scope="col"><span className="visually-hidden">{t("settings.keyRevoke")}</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">{t("settings.noKeys")}</td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name}
                    <div className="dash-mono">{k.display}</div>
                  </td>
                  <td>
                    <span className="dash-mono">{k.permissions.join(", ")}</span>
                    {k.readsSecrets ? (
                      <div>
                        <span className="badge badge-warn" data-testid="key-reads-secrets">{t("settings.keyReadsSecrets")}</span>
                      </div>
                    ) : null}
                  </td>
                  <td className="dash-sub">{formatDateTime(lang, k.createdAt)}</td>
                  <td className="dash-sub">{k.lastUsedAt ? formatDateTime(lang, k.lastUsedAt) : "—"}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge badge-neutral">{t("settings.keyRevoked")}</span>
                    ) : (
                      <button
                        className="btn btn-secondary"
                        type="button"
                        disabled={pending}
                        aria-label={`${t("common.labelled", { label: t("settings.keyRevoke") })} ${k.name}`}
                        onClick={() =>
                          start(async () => {
                            const r = await revokeApiKeyAction(workspaceId, k.id);
                            if (!r.ok) setNotice(failureNotice(t, lang, r));
                          })
                        }
                      >
                        {t("settings.keyRevoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <form
        className="dash-row"
        style={{ marginTop: 16, alignItems: "flex-end", gap: 16 }}
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            setCreated(null);
            const r = await createApiKeyAction(workspaceId, { name, permissions: perms as never });
            if (r.ok) {
              setCreated(r.data.key);
              setNotice(null);
              setName("");
            } else setNotice(failureNotice(t, lang, r));
          });
        }}
      >
        <div className="dash-field">
          <label htmlFor="k-name">{t("settings.keyName")}</label>
          <input id="k-name" type="text" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }}>
          <legend className="dash-label">{t("settings.keyPermissions")}</legend>
          <div className="dash-row">
            {permissionOptions.map((p) => (
              <label key={p} className="dash-mono">
                <input type="checkbox" checked={perms.includes(p)} onChange={(e) => setPerms(e.target.checked ? [...perms, p] : perms.filter((x) => x !== p))} /> {p}
              </label>
            ))}
          </div>
          <small className="dash-sub">{t("settings.keyOperatorOnly")}</small>
        </fieldset>
        <button className="btn" type="submit" disabled={pending}>{t("settings.keyCreate")}</button>
      </form>
    </section>
  );
}
