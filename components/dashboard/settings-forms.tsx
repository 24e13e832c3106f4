"use client";
import { useState, useTransition } from "react";
import {
  createApiKeyAction,
  createWebhookEndpointAction,
  revokeApiKeyAction,
  saveWorkspaceSettings,
  sendTestEventAction,
} from "@/app/(dashboard)/dashboard/(app)/settings/actions";
import { dict, errorText, formatDate, type DashLang } from "@/components/dashboard/i18n";
import type { WebhookDeliveryDto, WebhookEndpointDto } from "@/lib/handoff/webhooks/endpoints";

type Notice = { tone: "ok" | "err"; text: string; fields?: Record<string, string[]> } | null;

function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <div className={`dash-alert ${notice.tone === "ok" ? "dash-alert-ok" : "dash-alert-err"}`} role={notice.tone === "ok" ? "status" : "alert"}>
      {notice.text}
      {notice.fields ? (
        <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
          {Object.entries(notice.fields).map(([k, v]) => (
            <li key={k}>{v.join(" ")}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type General = {
  origins: string;
  displayName: string;
  logoUrl: string;
  accentColor: string;
  defaultLanguage: "en" | "de";
  justworksFirstName: string;
  justworksEmailDomain: string;
};

export function GeneralSettingsForm({ lang, workspaceId, initial }: { lang: DashLang; workspaceId: string; initial: General }) {
  const d = dict(lang);
  const [v, setV] = useState(initial);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  const set = (k: keyof General) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setV({ ...v, [k]: e.target.value });
  return (
    <section className="dash-section" aria-labelledby="gen-h">
      <h2 id="gen-h">{d.settings.general}</h2>
      <NoticeLine notice={notice} />
      <form
        className="dash-stack"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await saveWorkspaceSettings(workspaceId, v);
            setNotice(r.ok ? { tone: "ok", text: d.settings.saved } : { tone: "err", text: errorText(d, r.code, r.message), fields: r.fieldErrors });
          });
        }}
      >
        <div className="dash-field">
          <label htmlFor="g-origins">{d.settings.origins}</label>
          <textarea id="g-origins" rows={3} value={v.origins} onChange={set("origins")} aria-describedby="g-origins-hint" />
          <small id="g-origins-hint">{d.settings.originsHint}</small>
        </div>
        <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
          <div className="dash-field">
            <label htmlFor="g-name">{d.settings.displayName}</label>
            <input id="g-name" type="text" value={v.displayName} onChange={set("displayName")} />
          </div>
          <div className="dash-field" style={{ flex: 1 }}>
            <label htmlFor="g-logo">{d.settings.logoUrl}</label>
            <input id="g-logo" type="url" value={v.logoUrl} onChange={set("logoUrl")} placeholder="https://" />
          </div>
          <div className="dash-field">
            <label htmlFor="g-accent">{d.settings.accent}</label>
            <input id="g-accent" type="text" value={v.accentColor} onChange={set("accentColor")} placeholder="#4f46e5" size={9} />
          </div>
          <div className="dash-field">
            <label htmlFor="g-lang">{d.settings.defaultLanguage}</label>
            <select id="g-lang" value={v.defaultLanguage} onChange={set("defaultLanguage")}>
              <option value="en">English</option>
              <option value="de">Deutsch</option>
            </select>
          </div>
        </div>
        <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
          <div className="dash-field">
            <label htmlFor="g-jwname">{d.settings.jwFirstName}</label>
            <input id="g-jwname" type="text" value={v.justworksFirstName} onChange={set("justworksFirstName")} />
          </div>
          <div className="dash-field">
            <label htmlFor="g-jwdomain">{d.settings.jwDomain}</label>
            <input id="g-jwdomain" type="text" value={v.justworksEmailDomain} onChange={set("justworksEmailDomain")} />
          </div>
        </div>
        <div>
          <button className="btn" type="submit" disabled={pending}>{d.settings.save}</button>
        </div>
      </form>
    </section>
  );
}

type KeyRow = { id: string; name: string; display: string; permissions: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function ApiKeysPanel({ lang, workspaceId, keys, permissionOptions }: { lang: DashLang; workspaceId: string; keys: KeyRow[]; permissionOptions: readonly string[] }) {
  const d = dict(lang);
  const [name, setName] = useState("");
  const [perms, setPerms] = useState<string[]>(["sessions:write"]);
  const [created, setCreated] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  return (
    <section className="dash-section" aria-labelledby="keys-h">
      <h2 id="keys-h">{d.settings.apiKeys}</h2>
      <NoticeLine notice={notice} />
      {created ? (
        <div className="dash-alert dash-alert-info" role="status">
          {d.settings.keyShown}
          <div className="dash-secret" data-testid="new-api-key">{created}</div>
        </div>
      ) : null}
      <div className="dash-table-wrap">
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{d.settings.keyName}</th>
              <th scope="col">{d.settings.keyPermissions}</th>
              <th scope="col">{d.settings.keyCreated}</th>
              <th scope="col">{d.settings.keyLastUsed}</th>
              <th scope="col"><span className="visually-hidden">{d.settings.keyRevoke}</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">{d.settings.noKeys}</td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name}
                    <div className="dash-mono">{k.display}</div>
                  </td>
                  <td className="dash-mono">{k.permissions.join(", ")}</td>
                  <td className="dash-sub">{formatDate(lang, k.createdAt)}</td>
                  <td className="dash-sub">{k.lastUsedAt ? formatDate(lang, k.lastUsedAt) : "—"}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge badge-neutral">{d.settings.keyRevoked}</span>
                    ) : (
                      <button
                        className="btn btn-secondary"
                        type="button"
                        disabled={pending}
                        aria-label={`${d.settings.keyRevoke}: ${k.name}`}
                        onClick={() =>
                          start(async () => {
                            const r = await revokeApiKeyAction(workspaceId, k.id);
                            if (!r.ok) setNotice({ tone: "err", text: errorText(d, r.code, r.message) });
                          })
                        }
                      >
                        {d.settings.keyRevoke}
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
            } else setNotice({ tone: "err", text: errorText(d, r.code, r.message), fields: r.fieldErrors });
          });
        }}
      >
        <div className="dash-field">
          <label htmlFor="k-name">{d.settings.keyName}</label>
          <input id="k-name" type="text" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }}>
          <legend className="dash-label">{d.settings.keyPermissions}</legend>
          <div className="dash-row">
            {permissionOptions.map((p) => (
              <label key={p} className="dash-mono">
                <input type="checkbox" checked={perms.includes(p)} onChange={(e) => setPerms(e.target.checked ? [...perms, p] : perms.filter((x) => x !== p))} /> {p}
              </label>
            ))}
          </div>
        </fieldset>
        <button className="btn" type="submit" disabled={pending}>{d.settings.keyCreate}</button>
      </form>
    </section>
  );
}

type EndpointRow = WebhookEndpointDto & { deliveries: WebhookDeliveryDto[] };

export function WebhooksPanel({ lang, workspaceId, endpoints }: { lang: DashLang; workspaceId: string; endpoints: EndpointRow[] }) {
  const d = dict(lang);
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  return (
    <section className="dash-section" aria-labelledby="wh-h">
      <h2 id="wh-h">{d.settings.webhooks}</h2>
      <NoticeLine notice={notice} />
      {secret ? (
        <div className="dash-alert dash-alert-info" role="status">
          {d.settings.endpointCreated}
          <div className="dash-secret">{secret}</div>
        </div>
      ) : null}
      {endpoints.length === 0 ? <p className="muted">{d.settings.noWebhooks}</p> : null}
      {endpoints.map((e) => (
        <div key={e.id} style={{ borderTop: "1px solid var(--border)", padding: "12px 0" }}>
          <div className="dash-row" style={{ justifyContent: "space-between" }}>
            <div>
              <span className="dash-mono">{e.url}</span>{" "}
              <span className={`badge ${e.enabled ? "badge-ok" : "badge-neutral"}`}>{e.enabled ? d.settings.enabled : d.settings.disabled}</span>
              {e.disabled_reason ? <div className="dash-sub">{e.disabled_reason}</div> : null}
            </div>
            <button
              className="btn btn-secondary"
              type="button"
              disabled={pending || !e.enabled}
              onClick={() =>
                start(async () => {
                  const r = await sendTestEventAction(workspaceId, e.id);
                  setNotice(r.ok ? { tone: "ok", text: d.settings.testSent } : { tone: "err", text: errorText(d, r.code, r.message) });
                })
              }
            >
              {d.settings.sendTest}
            </button>
          </div>
          {e.deliveries.length ? (
            <table className="dash-table" style={{ marginTop: 8 }}>
              <caption className="dash-sub" style={{ textAlign: "left" }}>{d.settings.deliveries}</caption>
              <tbody>
                {e.deliveries.map((x) => (
                  <tr key={x.id}>
                    <td className="dash-sub">{formatDate(lang, x.created_at)}</td>
                    <td className="dash-mono">{x.event_id}</td>
                    <td>#{x.attempt}</td>
                    <td>
                      <span className={`badge ${x.succeeded ? "badge-ok" : "badge-err"}`}>{x.status_code ?? "—"}</span>
                    </td>
                    <td className="dash-sub">{x.error ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
      <form
        className="dash-row"
        style={{ marginTop: 12, alignItems: "flex-end" }}
        onSubmit={(ev) => {
          ev.preventDefault();
          start(async () => {
            setSecret(null);
            const r = await createWebhookEndpointAction(workspaceId, url);
            if (r.ok) {
              setSecret(r.data.secret);
              setNotice(null);
              setUrl("");
            } else setNotice({ tone: "err", text: errorText(d, r.code, r.message) });
          });
        }}
      >
        <div className="dash-field" style={{ flex: 1 }}>
          <label htmlFor="wh-url">{d.settings.endpointUrl}</label>
          <input id="wh-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" required />
        </div>
        <button className="btn" type="submit" disabled={pending}>{d.settings.newEndpoint}</button>
      </form>
    </section>
  );
}
