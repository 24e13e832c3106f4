"use client";
// An endpoint's delivery log on the settings page, kept current while it is open (issue 17): the
// latest attempts from GET /dashboard/api/workspaces/{workspaceId}/webhooks/{endpointId}/deliveries,
// with the live views' backoff (components/live). A log never reaches a final state: it keeps
// asking, at most every 30 s while nothing changes, and not while the tab is hidden.
import { useTranslations } from "next-intl";
import { useLiveQuery } from "@/components/live/live-query";
import type { WebhookDeliveryDto } from "@/lib/handoff/webhooks/endpoints";
import { formatDateTime } from "@/lib/i18n/format";
import type { Lang } from "@/lib/providers/types";

export function LiveDeliveries({ lang, workspaceId, endpointId, initial }: { lang: Lang; workspaceId: string; endpointId: string; initial: WebhookDeliveryDto[] }) {
  const t = useTranslations("dashboard");
  const { data: deliveries } = useLiveQuery<WebhookDeliveryDto[]>({
    queryKey: ["dashboard", "webhook-deliveries", workspaceId, endpointId],
    queryFn: async () => {
      const res = await fetch(`/dashboard/api/workspaces/${encodeURIComponent(workspaceId)}/webhooks/${encodeURIComponent(endpointId)}/deliveries`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as WebhookDeliveryDto[];
    },
    initialData: initial,
    isFinal: () => false,
  });
  if (!deliveries.length) return null;
  return (
    <div className="dash-table-wrap" data-testid="webhook-deliveries">
      <table className="dash-table" style={{ marginTop: 8 }}>
        <caption className="dash-sub" style={{ textAlign: "left" }}>{t("settings.deliveries")}</caption>
        <tbody>
          {deliveries.map((x) => (
            <tr key={x.id}>
              <td className="dash-sub">{formatDateTime(lang, x.created_at)}</td>
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
    </div>
  );
}
