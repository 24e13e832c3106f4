"use client";
// Shared pieces of the dashboard's client forms: the result line of an action, and a secret that
// is shown exactly once (it lives only in this component's state: a reload forgets it).
import { useState } from "react";
import type { Lang } from "@/lib/providers/types";
import { errorText, type DashT, type ProblemKey } from "@/components/dashboard/translate";

export type Notice = { tone: "ok" | "err"; text: string; fields?: Record<string, string[]> } | null;

export function NoticeLine({ notice }: { notice: Notice }) {
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

/** A failed action's notice in the reader's language; field details only where they are in that language too. */
export function failureNotice(t: DashT, lang: Lang, r: { code: string; message: string; fieldErrors?: Record<string, string[]>; problem?: ProblemKey }): Notice {
  return { tone: "err", text: errorText(t, lang, r.code, r.message, r.problem), fields: r.problem ? undefined : r.fieldErrors };
}

/** An action's outcome as a notice: `okText` when it worked, else the failure in the reader's language. */
export function resultNotice(t: DashT, lang: Lang, r: { ok: true } | ({ ok: false } & Parameters<typeof failureNotice>[2]), okText: string): Notice {
  return r.ok ? { tone: "ok", text: okText } : failureNotice(t, lang, r);
}

export function SecretOnce({ t, lead, value, testId, note }: { t: DashT; lead: string; value: string; testId: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="dash-alert dash-alert-info dash-stack" style={{ gap: 8 }} role="status">
      <span>{lead}</span>
      <div className="dash-row" style={{ flexWrap: "nowrap", alignItems: "stretch" }}>
        <code className="dash-secret" style={{ flex: 1 }} data-testid={testId}>{value}</code>
        <button
          className="btn btn-secondary"
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? t("common.copied") : t("common.copy")}
        </button>
      </div>
      {note ? <span className="dash-sub">{note}</span> : null}
    </div>
  );
}
