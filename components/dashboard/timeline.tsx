import { ScopeBadge } from "@/components/dashboard/format";
import type { LiveTimelineItem, TimelineItem } from "@/lib/db/queries/dashboard";
import { formatDateTime } from "@/lib/i18n/format";
import type { Lang } from "@/lib/providers/types";
import type { DashT } from "@/components/dashboard/translate";

// Rendered by the connection page's live view (live-connection.tsx) from the poll's JSON, hence
// either item shape.
type Item = TimelineItem | LiveTimelineItem;

function tone(item: Item): string {
  switch (item.kind) {
    case "check":
      return item.outcome === "ok" ? "tl-ok" : "tl-err";
    case "webhook":
      return item.succeeded ? "tl-ok" : "tl-err";
    case "session_event":
      return item.type === "error" ? "tl-err" : item.type === "success" ? "tl-ok" : "";
    case "audit":
      return item.actorType === "staff" ? "tl-staff" : "";
    default:
      return "";
  }
}

function Line({ item, t, scopeLabel }: { item: Item; t: DashT; scopeLabel: (status: string) => string }) {
  switch (item.kind) {
    case "session_created":
      return (
        <>
          {t("tl.session_created", { mode: item.mode, link: item.link })}
          {item.by ? <span className="dash-sub"> · {t("tl.by", { who: item.by })}</span> : null}
        </>
      );
    case "session_event":
      if (item.type === "error") return <>{t("tl.error", { code: item.code ?? "?" })}{item.step ? <span className="dash-sub"> · {item.step}</span> : null}</>;
      return <>{t("tl.step", { step: [...new Set([item.type, item.step, item.provider].filter(Boolean))].join(" · ") })}</>;
    case "check":
      return (
        <>
          {t("tl.check", { trigger: item.trigger, outcome: item.outcome })}
          <span className="dash-sub"> · {item.durationMs} ms{item.authStatus ? ` · ${t("tl.auth", { status: item.authStatus })}` : ""}</span>
          {item.scopes.length ? (
            <ul>
              {item.scopes.map((s) => (
                <li key={s.scope}>
                  <span className="dash-mono">{s.scope}</span> <ScopeBadge status={s.status} label={scopeLabel(s.status)} />
                  {s.providerStatus !== undefined ? <span className="dash-sub"> HTTP {s.providerStatus}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case "event":
      return <>{t("tl.event", { type: item.type })}</>;
    case "handoff":
      return <>{t("tl.handoff", { type: item.type })}</>;
    case "webhook":
      return (
        <>
          {t("tl.webhook", { attempt: item.attempt, url: item.endpointUrl })}{" "}
          <span className={`badge ${item.succeeded ? "badge-ok" : "badge-err"}`}>
            {item.succeeded ? t("tl.webhookOk", { status: item.statusCode ?? "?" }) : t("tl.webhookFail")}
          </span>
          {!item.succeeded && (item.statusCode || item.error) ? <span className="dash-sub"> {item.statusCode ? `HTTP ${item.statusCode}` : ""} {item.error ?? ""}</span> : null}
        </>
      );
    case "audit":
      return (
        <>
          <span className="dash-mono">{item.action}</span>
          <span className="dash-sub"> · {item.actorType}{item.actor ? `: ${item.actor}` : ""}</span>
          {item.reason ? <div className="dash-sub">{t("tl.reason", { reason: item.reason })}</div> : null}
        </>
      );
  }
}

export function Timeline({ items, t, scopeLabel, lang }: { items: Item[]; t: DashT; scopeLabel: (status: string) => string; lang: Lang }) {
  if (!items.length) return <p className="muted">{t("conn.noEvents")}</p>;
  return (
    <ol className="dash-timeline">
      {items.map((item, i) => (
        <li key={i} className={tone(item)}>
          <time dateTime={new Date(item.at).toISOString()}>{formatDateTime(lang, item.at)}</time>
          <Line item={item} t={t} scopeLabel={scopeLabel} />
        </li>
      ))}
    </ol>
  );
}
