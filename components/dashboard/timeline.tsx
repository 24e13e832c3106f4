import { fmt, formatDate, type DashLang, type Dict } from "@/components/dashboard/i18n";
import { ScopeBadge } from "@/components/dashboard/format";
import type { TimelineItem } from "@/lib/db/queries/dashboard";

function tone(item: TimelineItem): string {
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

function Line({ item, d }: { item: TimelineItem; d: Dict }) {
  switch (item.kind) {
    case "session_created":
      return (
        <>
          {fmt(d.tl.session_created, { mode: item.mode, link: item.link })}
          {item.by ? <span className="dash-sub"> · {fmt(d.tl.by, { who: item.by })}</span> : null}
        </>
      );
    case "session_event":
      if (item.type === "error") return <>{fmt(d.tl.error, { code: item.code ?? "?" })}{item.step ? <span className="dash-sub"> · {item.step}</span> : null}</>;
      return <>{fmt(d.tl.step, { step: [...new Set([item.type, item.step, item.provider].filter(Boolean))].join(" · ") })}</>;
    case "check":
      return (
        <>
          {fmt(d.tl.check, { trigger: item.trigger, outcome: item.outcome })}
          <span className="dash-sub"> · {item.durationMs} ms{item.authStatus ? ` · ${fmt(d.tl.auth, { status: item.authStatus })}` : ""}</span>
          {item.scopes.length ? (
            <ul>
              {item.scopes.map((s) => (
                <li key={s.scope}>
                  <span className="dash-mono">{s.scope}</span> <ScopeBadge status={s.status} d={d} />
                  {s.providerStatus !== undefined ? <span className="dash-sub"> HTTP {s.providerStatus}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case "event":
      return <>{fmt(d.tl.event, { type: item.type })}</>;
    case "handoff":
      return <>{fmt(d.tl.handoff, { type: item.type })}</>;
    case "webhook":
      return (
        <>
          {fmt(d.tl.webhook, { attempt: item.attempt, url: item.endpointUrl })}{" "}
          <span className={`badge ${item.succeeded ? "badge-ok" : "badge-err"}`}>
            {item.succeeded ? fmt(d.tl.webhookOk, { status: item.statusCode ?? "?" }) : d.tl.webhookFail}
          </span>
          {!item.succeeded && (item.statusCode || item.error) ? <span className="dash-sub"> {item.statusCode ? `HTTP ${item.statusCode}` : ""} {item.error ?? ""}</span> : null}
        </>
      );
    case "audit":
      return (
        <>
          <span className="dash-mono">{item.action}</span>
          <span className="dash-sub"> · {item.actorType}{item.actor ? `: ${item.actor}` : ""}</span>
          {item.reason ? <div className="dash-sub">{fmt(d.tl.reason, { reason: item.reason })}</div> : null}
        </>
      );
  }
}

export function Timeline({ items, d, lang }: { items: TimelineItem[]; d: Dict; lang: DashLang }) {
  if (!items.length) return <p className="muted">{d.conn.noEvents}</p>;
  return (
    <ol className="dash-timeline">
      {items.map((item, i) => (
        <li key={i} className={tone(item)}>
          <time dateTime={item.at.toISOString()}>{formatDate(lang, item.at)}</time>
          <Line item={item} d={d} />
        </li>
      ))}
    </ol>
  );
}
