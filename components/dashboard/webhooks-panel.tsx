"use client";
// Webhook endpoints in the workspace settings: add, edit (URL, description, events), disable and
// enable again (also after the delivery worker disabled it), rotate the signing secret with an
// overlap, delete, send a test event, and the recent deliveries. A signing secret is shown once,
// from the one action response that carries it; the page itself only ever has secret metadata.
import { useRef, useState, useTransition } from "react";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookEndpointEnabledAction,
  updateWebhookEndpointAction,
} from "@/app/(dashboard)/dashboard/(app)/settings/actions";
import { LiveDeliveries } from "@/components/dashboard/live-deliveries";
import { LiveQueries } from "@/components/live/live-query";
import { failureNotice, NoticeLine, resultNotice, SecretOnce, type Notice } from "@/components/dashboard/notice";
import type { WebhookDeliveryDto, WebhookEndpointDto } from "@/lib/handoff/webhooks/endpoints";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import type { Lang } from "@/lib/providers/types";
import type { DashT } from "@/components/dashboard/translate";

/** `previousUntil`: when each older secret that still verifies stops (computed by the page, on the server). */
export type EndpointRow = WebhookEndpointDto & { deliveries: WebhookDeliveryDto[]; previousUntil: string[] };

type FormValue = { url: string; description: string; eventTypes: string[] };

const OVERLAP_CHOICES = ["0", "1", "24", "72", "168"] as const;

/** The URL, description and event types: the same fields to add an endpoint and to edit one. */
function EndpointFields({ t, idPrefix, value, onChange, eventTypeOptions }: { t: DashT; idPrefix: string; value: FormValue; onChange: (v: FormValue) => void; eventTypeOptions: readonly string[] }) {
  const summary = value.eventTypes.length ? value.eventTypes.join(", ") : t("settings.allEvents");
  return (
    <div className="dash-stack" style={{ gap: 10 }}>
      <div className="dash-row" style={{ alignItems: "flex-start", gap: 16 }}>
        <div className="dash-field" style={{ flex: 2, minWidth: 260 }}>
          <label htmlFor={`${idPrefix}-url`}>{t("settings.endpointUrl")}</label>
          <input id={`${idPrefix}-url`} type="url" value={value.url} onChange={(e) => onChange({ ...value, url: e.target.value })} placeholder="https://" required />
        </div>
        <div className="dash-field" style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor={`${idPrefix}-desc`}>{t("settings.description")}</label>
          <input id={`${idPrefix}-desc`} type="text" maxLength={200} value={value.description} onChange={(e) => onChange({ ...value, description: e.target.value })} />
        </div>
      </div>
      <details className="dash-details">
        <summary>
          {t("common.labelled", { label: t("settings.eventTypes") })} <span className="dash-sub">{summary}</span>
        </summary>
        <fieldset className="dash-checks dash-event-grid" aria-describedby={`${idPrefix}-ev-hint`}>
          <legend className="visually-hidden">{t("settings.eventTypes")}</legend>
          <small id={`${idPrefix}-ev-hint`} className="dash-sub">{t("settings.eventTypesHint")}</small>
          {eventTypeOptions.map((type) => (
            <label key={type} className="dash-mono">
              <input
                type="checkbox"
                checked={value.eventTypes.includes(type)}
                onChange={(e) => onChange({ ...value, eventTypes: e.target.checked ? [...value.eventTypes, type] : value.eventTypes.filter((x) => x !== type) })}
              />
              {type}
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}

function DisabledNote({ t, lang, e }: { t: DashT; lang: Lang; e: EndpointRow }) {
  const date = formatDateTime(lang, e.disabled_at ?? e.updated_at);
  const last = e.deliveries[0];
  if (e.disabled_reason === "failing")
    return (
      <div className="dash-alert dash-alert-warn" data-testid="endpoint-disabled-note">
        <strong>{t("settings.disabledFailing", { date, n: e.consecutive_failures })}</strong>
        {last && !last.succeeded ? <div>{t("settings.lastAnswer", { answer: last.error ?? `HTTP ${last.status_code ?? "—"}` })}</div> : null}
        <div>{t("settings.disabledFailingHint")}</div>
      </div>
    );
  return (
    <div className="dash-alert dash-alert-neutral" data-testid="endpoint-disabled-note">
      {t("settings.disabledByUser", { date })}
    </div>
  );
}

function EndpointCard({
  lang,
  workspaceId,
  e,
  eventTypeOptions,
  createdSecret,
  onRotated,
  onDeleted,
}: {
  lang: Lang;
  workspaceId: string;
  e: EndpointRow;
  eventTypeOptions: readonly string[];
  /** The signing secret from the action that just created this endpoint: shown here, once. */
  createdSecret: string | null;
  /** A rotation makes the creation secret the previous one: it is no longer shown as the current. */
  onRotated: () => void;
  onDeleted: () => void;
}) {
  const t = useTranslations("dashboard");
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const [editing, setEditing] = useState<FormValue | null>(null);
  const [overlap, setOverlap] = useState(24);
  const [rotated, setRotated] = useState<{ secret: string; overlapUntil: string | null } | null>(null);
  const rotateDialog = useRef<HTMLDialogElement>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);
  const headingId = `whe-h-${e.id}`;
  const current = e.secrets[0];

  return (
    <article className="dash-endpoint" aria-labelledby={headingId} data-testid="webhook-endpoint">
      <div className="dash-endpoint-head">
        <div className="dash-stack" style={{ gap: 4, minWidth: 0 }}>
          <h3 id={headingId} className="dash-mono dash-endpoint-url">{e.url}</h3>
          {e.description ? <span className="dash-sub">{e.description}</span> : null}
          <div className="dash-row">
            <span className={`badge ${e.enabled ? "badge-ok" : "badge-neutral"}`}>{e.enabled ? t("settings.enabled") : t("settings.disabled")}</span>
            {e.enabled && e.consecutive_failures > 0 ? <span className="badge badge-warn">{t("settings.failingNow", { n: e.consecutive_failures })}</span> : null}
            <span className="dash-sub">
              {t("common.labelled", { label: t("settings.eventTypes") })} {e.event_types.length ? e.event_types.join(", ") : t("settings.allEvents")}
            </span>
          </div>
        </div>
        <div className="dash-row dash-endpoint-actions" role="group" aria-label={t("settings.endpointActions", { url: e.url })}>
          <button
            className="btn btn-secondary"
            type="button"
            disabled={pending || !e.enabled}
            onClick={() =>
              start(async () => {
                const r = await sendTestEventAction(workspaceId, e.id);
                setNotice(resultNotice(t, lang, r, t("settings.testSent")));
              })
            }
          >
            {t("settings.sendTest")}
          </button>
          <button
            className="btn btn-secondary"
            type="button"
            aria-expanded={editing !== null}
            disabled={pending}
            onClick={() => setEditing(editing ? null : { url: e.url, description: e.description ?? "", eventTypes: e.event_types })}
          >
            {t("settings.edit")}
          </button>
          <button className="btn btn-secondary" type="button" disabled={pending} onClick={() => rotateDialog.current?.showModal()}>
            {t("settings.rotate")}
          </button>
          <button
            className={e.enabled ? "btn btn-secondary" : "btn"}
            type="button"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await setWebhookEndpointEnabledAction(workspaceId, e.id, !e.enabled);
                setNotice(r.ok ? { tone: "ok", text: r.data.enabled ? t("settings.endpointEnabled") : t("settings.endpointDisabled") } : failureNotice(t, lang, r));
              })
            }
          >
            {e.enabled ? t("settings.disable") : e.disabled_reason === "failing" ? t("settings.reenable") : t("settings.enable")}
          </button>
          <button className="btn btn-danger-outline" type="button" disabled={pending} onClick={() => deleteDialog.current?.showModal()}>
            {t("settings.delete")}
          </button>
        </div>
      </div>

      {!e.enabled ? <DisabledNote t={t} lang={lang} e={e} /> : null}
      <NoticeLine notice={notice} />
      {createdSecret ? <SecretOnce t={t} lead={t("settings.endpointCreated")} value={createdSecret} testId="new-signing-secret" /> : null}
      {rotated ? (
        <SecretOnce
          t={t}
          lead={t("settings.rotated", { url: e.url })}
          value={rotated.secret}
          testId="rotated-signing-secret"
          note={rotated.overlapUntil ? t("settings.rotatedOverlap", { date: formatDateTime(lang, rotated.overlapUntil) }) : t("settings.rotatedNoOverlap")}
        />
      ) : null}

      {editing ? (
        <form
          className="dash-stack dash-endpoint-edit"
          aria-label={t("settings.editTitle", { url: e.url })}
          onSubmit={(ev) => {
            ev.preventDefault();
            start(async () => {
              const r = await updateWebhookEndpointAction(workspaceId, e.id, { ...editing, eventTypes: editing.eventTypes as never });
              if (r.ok) {
                setEditing(null);
                setNotice({ tone: "ok", text: t("settings.endpointSaved") });
              } else setNotice(failureNotice(t, lang, r));
            });
          }}
        >
          <EndpointFields t={t} idPrefix={`whe-${e.id}`} value={editing} onChange={setEditing} eventTypeOptions={eventTypeOptions} />
          <div className="dash-row">
            <button className="btn" type="submit" disabled={pending}>{t("settings.saveEndpoint")}</button>
            <button className="btn btn-secondary" type="button" onClick={() => setEditing(null)}>{t("common.cancel")}</button>
          </div>
        </form>
      ) : null}

      <dl className="dash-dl dash-endpoint-secret">
        <dt>{t("settings.secret")}</dt>
        <dd>
          {current ? <div>{t("settings.secretCurrent", { date: formatDateTime(lang, current.created_at) })}</div> : "—"}
          {e.previousUntil.map((until) => (
            <div key={until} className="dash-sub">{t("settings.secretOld", { date: formatDateTime(lang, until) })}</div>
          ))}
        </dd>
      </dl>

      <LiveDeliveries lang={lang} workspaceId={workspaceId} endpointId={e.id} initial={e.deliveries} />

      <dialog ref={rotateDialog} className="dash-dialog" aria-labelledby={`${headingId}-rot`}>
        <form
          className="dash-stack"
          onSubmit={(ev) => {
            ev.preventDefault();
            start(async () => {
              setRotated(null);
              const r = await rotateWebhookSecretAction(workspaceId, e.id, { overlapHours: overlap });
              rotateDialog.current?.close();
              if (r.ok) {
                setRotated(r.data);
                setNotice(null);
                onRotated();
              } else setNotice(failureNotice(t, lang, r));
            });
          }}
        >
          <h2 id={`${headingId}-rot`} style={{ fontSize: "1.1rem" }}>{t("settings.rotateTitle")}</h2>
          <p className="dash-mono" style={{ margin: 0, wordBreak: "break-all" }}>{e.url}</p>
          <p style={{ margin: 0 }}>{t("settings.rotateBody")}</p>
          <div className="dash-field">
            <label htmlFor={`${headingId}-overlap`}>{t("settings.overlap")}</label>
            <select id={`${headingId}-overlap`} value={overlap} onChange={(ev) => setOverlap(Number(ev.target.value))}>
              {OVERLAP_CHOICES.map((h) => (
                <option key={h} value={h}>{t(`settings.overlapChoices.${h}`)}</option>
              ))}
            </select>
          </div>
          <div className="dash-row" style={{ justifyContent: "flex-end" }}>
            <button className="btn btn-secondary" type="button" onClick={() => rotateDialog.current?.close()}>{t("common.cancel")}</button>
            <button className="btn" type="submit" disabled={pending}>{t("settings.rotateConfirm")}</button>
          </div>
        </form>
      </dialog>

      <dialog ref={deleteDialog} className="dash-dialog" aria-labelledby={`${headingId}-del`}>
        <form
          className="dash-stack"
          onSubmit={(ev) => {
            ev.preventDefault();
            start(async () => {
              const r = await deleteWebhookEndpointAction(workspaceId, e.id);
              deleteDialog.current?.close();
              if (r.ok) onDeleted();
              else setNotice(failureNotice(t, lang, r));
            });
          }}
        >
          <h2 id={`${headingId}-del`} style={{ fontSize: "1.1rem" }}>{t("settings.deleteTitle")}</h2>
          <p style={{ margin: 0, wordBreak: "break-all" }}>{t("settings.deleteBody", { url: e.url })}</p>
          <div className="dash-row" style={{ justifyContent: "flex-end" }}>
            <button className="btn btn-secondary" type="button" onClick={() => deleteDialog.current?.close()}>{t("common.cancel")}</button>
            <button className="btn btn-danger" type="submit" disabled={pending}>{t("settings.deleteConfirm")}</button>
          </div>
        </form>
      </dialog>
    </article>
  );
}

export function WebhooksPanel({ lang, workspaceId, endpoints, eventTypeOptions }: { lang: Lang; workspaceId: string; endpoints: EndpointRow[]; eventTypeOptions: readonly string[] }) {
  const t = useTranslations("dashboard");
  const empty: FormValue = { url: "", description: "", eventTypes: [] };
  const [value, setValue] = useState<FormValue>(empty);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, start] = useTransition();
  return (
    <section className="dash-section" aria-labelledby="wh-h">
      <h2 id="wh-h">{t("settings.webhooks")}</h2>
      <NoticeLine notice={notice} />
      {endpoints.length === 0 ? <p className="muted">{t("settings.noWebhooks")}</p> : null}
      <LiveQueries>
        {endpoints.map((e) => (
          <EndpointCard
            key={e.id}
            lang={lang}
            workspaceId={workspaceId}
            e={e}
            eventTypeOptions={eventTypeOptions}
            createdSecret={created?.id === e.id ? created.secret : null}
            onRotated={() => setCreated((c) => (c?.id === e.id ? null : c))}
            onDeleted={() => setNotice({ tone: "ok", text: t("settings.endpointDeleted") })}
          />
        ))}
      </LiveQueries>
      <form
        className="dash-stack dash-endpoint-new"
        aria-label={t("settings.newEndpoint")}
        onSubmit={(ev) => {
          ev.preventDefault();
          start(async () => {
            setCreated(null);
            const r = await createWebhookEndpointAction(workspaceId, { ...value, eventTypes: value.eventTypes as never });
            if (r.ok) {
              setCreated(r.data);
              setNotice(null);
              setValue(empty);
            } else setNotice(failureNotice(t, lang, r));
          });
        }}
      >
        <EndpointFields t={t} idPrefix="wh-new" value={value} onChange={setValue} eventTypeOptions={eventTypeOptions} />
        <div>
          <button className="btn" type="submit" disabled={pending}>{t("settings.newEndpoint")}</button>
        </div>
      </form>
    </section>
  );
}
