"use client";
import { useRef, useState, useTransition } from "react";
import { createReconnectLink, deleteConnectionAction, recheckConnection, updateServiceUser } from "@/app/(dashboard)/dashboard/(app)/connections/[id]/actions";
import { NoticeLine, type Notice } from "@/components/dashboard/notice";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import type { Lang } from "@/lib/providers/types";
import { errorText } from "@/components/dashboard/translate";


export function ConnectionActions(props: {
  lang: Lang;
  connectionId: string;
  /** support or admin: re-check, reconnect link, a service user's steps. */
  canOperate: boolean;
  /** admin: delete. */
  canDelete: boolean;
  deleted: boolean;
  /** A service-user provider's state and the actions its flow offers now (lib/providers/flows.ts), texts resolved. */
  serviceUser: {
    provider: string;
    state: string | null;
    granted: string[];
    actions: Array<{ action: string; label: string; checklist: boolean }>;
    permissions: Array<{ id: string; name: string }>;
  } | null;
}) {
  const t = useTranslations("dashboard");
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [hours, setHours] = useState(72);
  const [confirm, setConfirm] = useState("");
  const [granted, setGranted] = useState<string[]>(props.serviceUser?.granted ?? []);
  // The page follows the connection (live-connection.tsx): when the verified permissions change on
  // the server (a save here or in another tab), the checklist shows them; ticks in progress stay
  // while they do not.
  const serverGranted = (props.serviceUser?.granted ?? []).join(",");
  const [shownGranted, setShownGranted] = useState(serverGranted);
  if (shownGranted !== serverGranted) {
    setShownGranted(serverGranted);
    setGranted(props.serviceUser?.granted ?? []);
  }
  const dialog = useRef<HTMLDialogElement>(null);

  if (!props.canOperate) {
    return (
      <section className="dash-section" aria-labelledby="act-h">
        <h2 id="act-h">{t("actions.title")}</h2>
        <p className="muted">{t("actions.viewerNote")}</p>
      </section>
    );
  }
  if (props.deleted) return null;

  const fail = (r: { code: string; message: string }) => setNotice({ tone: "err", text: errorText(t, props.lang, r.code, r.message) });

  return (
    <section className="dash-section dash-stack" aria-labelledby="act-h">
      <h2 id="act-h">{t("actions.title")}</h2>
      <NoticeLine notice={notice} />
      <div>
        <button
          className="btn"
          type="button"
          disabled={pending}
          onClick={() =>
            start(async () => {
              setNotice(null);
              const r = await recheckConnection(props.connectionId);
              if (r.ok) {
                setNotice({ tone: r.data.outcome === "ok" ? "ok" : "err", text: t("actions.recheckDone", { outcome: r.data.outcome }) });
              } else fail(r);
            })
          }
        >
          {pending ? t("actions.rechecking") : t("actions.recheck")}
        </button>
      </div>

      <div className="dash-stack" style={{ gap: 8 }}>
        <h3 style={{ fontSize: "1rem", margin: 0 }}>{t("actions.reconnect")}</h3>
        <p className="dash-sub" style={{ margin: 0 }}>{t("actions.reconnectLead")}</p>
        <div className="dash-row">
          <label className="dash-label" htmlFor="rc-hours">{t("actions.validity")}</label>
          <select id="rc-hours" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            <option value={24}>{t("actions.hours", { n: 24 })}</option>
            <option value={72}>{t("actions.days", { n: 3 })}</option>
            <option value={168}>{t("actions.days", { n: 7 })}</option>
          </select>
          <button
            className="btn btn-secondary"
            type="button"
            disabled={pending}
            onClick={() =>
              start(async () => {
                setNotice(null);
                setCopied(false);
                const r = await createReconnectLink(props.connectionId, hours);
                if (r.ok) setLink(r.data);
                else fail(r);
              })
            }
          >
            {t("actions.reconnect")}
          </button>
        </div>
        {link ? (
          <div className="dash-stack" style={{ gap: 6 }} role="status">
            <span className="dash-sub">{t("actions.linkCreated", { date: formatDateTime(props.lang, link.expiresAt) })}</span>
            <input type="text" readOnly value={link.url} aria-label={t("actions.reconnect")} className="dash-mono" data-testid="reconnect-url" onFocus={(e) => e.currentTarget.select()} />
            <div>
              <button
                className="btn btn-secondary"
                type="button"
                onClick={async () => {
                  await navigator.clipboard?.writeText(link.url).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? t("actions.copied") : t("actions.copy")}
              </button>
            </div>
          </div>
        ) : null}
      </div>

      {props.serviceUser ? (
        <div className="dash-stack" style={{ gap: 8 }}>
          <h3 style={{ fontSize: "1rem", margin: 0 }}>{t("actions.serviceUser", { provider: props.serviceUser.provider })}</h3>
          <p className="dash-sub" style={{ margin: 0 }}>
            {t("common.labelled", { label: t("actions.serviceUserState") })} <span className="dash-mono" data-testid="service-user-state">{props.serviceUser.state ?? "—"}</span>
          </p>
          {props.serviceUser.actions.map((a) =>
            a.checklist ? (
              <form
                key={a.action}
                className="dash-stack"
                style={{ gap: 8 }}
                onSubmit={(e) => {
                  e.preventDefault();
                  start(async () => {
                    setNotice(null);
                    const r = await updateServiceUser(props.connectionId, { action: a.action, granted });
                    if (r.ok) setNotice({ tone: "ok", text: t("actions.serviceUserSaved", { provider: props.serviceUser!.provider }) });
                    else fail(r);
                  });
                }}
              >
                <fieldset className="dash-checks" style={{ border: "none", padding: 0, margin: 0 }}>
                  <legend className="dash-label">{a.label}</legend>
                  {props.serviceUser!.permissions.map((p) => (
                    <label key={p.id}>
                      <input type="checkbox" checked={granted.includes(p.id)} onChange={(e) => setGranted((v) => (e.target.checked ? [...v, p.id] : v.filter((x) => x !== p.id)))} />{" "}
                      {p.name}
                    </label>
                  ))}
                </fieldset>
                <div>
                  <button className="btn btn-secondary" type="submit" disabled={pending}>{t("actions.serviceUserSave", { provider: props.serviceUser!.provider })}</button>
                </div>
              </form>
            ) : (
              <div key={a.action}>
                <button
                  className="btn btn-secondary"
                  type="button"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      setNotice(null);
                      const r = await updateServiceUser(props.connectionId, { action: a.action });
                      if (r.ok) setNotice({ tone: "ok", text: t("actions.serviceUserSaved", { provider: props.serviceUser!.provider }) });
                      else fail(r);
                    })
                  }
                >
                  {a.label}
                </button>
              </div>
            ),
          )}
        </div>
      ) : null}

      {props.canDelete ? (
      <div>
        <button className="btn btn-danger" type="button" onClick={() => dialog.current?.showModal()}>
          {t("actions.delete")}
        </button>
        <dialog ref={dialog} className="dash-dialog" aria-labelledby="del-h">
          <form
            className="dash-stack"
            onSubmit={(e) => {
              e.preventDefault();
              start(async () => {
                const r = await deleteConnectionAction(props.connectionId, confirm);
                dialog.current?.close();
                if (r.ok) {
                  setNotice({ tone: "ok", text: t("actions.deleted") });
                } else fail(r);
              });
            }}
          >
            <h2 id="del-h" style={{ fontSize: "1.1rem" }}>{t("actions.deleteTitle")}</h2>
            <p style={{ margin: 0 }}>{t("actions.deleteBody")}</p>
            <div className="dash-field">
              <label htmlFor="del-confirm">{t("actions.deleteConfirmLabel")}</label>
              <span className="dash-mono">{props.connectionId}</span>
              <input id="del-confirm" type="text" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
            </div>
            <div className="dash-row" style={{ justifyContent: "flex-end" }}>
              <button className="btn btn-secondary" type="button" onClick={() => dialog.current?.close()}>{t("actions.cancel")}</button>
              <button className="btn btn-danger" type="submit" disabled={pending || confirm.trim() !== props.connectionId}>{t("actions.deleteConfirm")}</button>
            </div>
          </form>
        </dialog>
      </div>
      ) : null}
    </section>
  );
}
