"use client";
// The connection page's live parts (issue 17): the status badge and the timeline follow the
// connection while the page is open, from GET /dashboard/api/connections/{id}/live with the live
// views' backoff (components/live). When the status, the last check or a flow's state moves, the
// rest of the page (scopes, actions, credential) is rendered again on the server.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { StatusBadge } from "@/components/dashboard/format";
import { Timeline } from "@/components/dashboard/timeline";
import { useLiveQuery } from "@/components/live/live-query";
import type { ConnectionLive } from "@/lib/db/queries/dashboard";
import type { Lang } from "@/lib/providers/types";

function useConnectionLive(connectionId: string, initial: ConnectionLive) {
  return useLiveQuery<ConnectionLive>({
    queryKey: ["dashboard", "connection", connectionId],
    queryFn: async () => {
      const res = await fetch(`/dashboard/api/connections/${encodeURIComponent(connectionId)}/live`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as ConnectionLive;
    },
    initialData: initial,
    isFinal: (c) => c.status === "deleted",
  }).data;
}

const shape = (c: ConnectionLive) => `${c.status}|${c.lastCheckedAt}|${c.state}`;

export function LiveConnectionStatus({ connectionId, initial }: { connectionId: string; initial: ConnectionLive }) {
  const t = useTranslations("dashboard");
  const router = useRouter();
  const live = useConnectionLive(connectionId, initial);
  const seen = useRef(shape(initial));
  useEffect(() => {
    if (shape(live) === seen.current) return;
    seen.current = shape(live);
    router.refresh();
  }, [live, router]);
  return <StatusBadge status={live.status} label={t(`status.${live.status}`)} />;
}

export function LiveTimeline({ connectionId, initial, lang, scopeLabels }: { connectionId: string; initial: ConnectionLive; lang: Lang; scopeLabels: Record<string, string> }) {
  const t = useTranslations("dashboard");
  const live = useConnectionLive(connectionId, initial);
  return (
    <div aria-live="polite" aria-relevant="additions" data-testid="live-timeline">
      <Timeline items={live.timeline} t={t} scopeLabel={(status) => scopeLabels[status] ?? status} lang={lang} />
    </div>
  );
}
