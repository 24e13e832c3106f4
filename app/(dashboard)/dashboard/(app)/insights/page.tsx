import type { Metadata } from "next";
import { z } from "zod";
import { BarList, DailyStack, type Series } from "@/components/dashboard/charts";
import { providerName } from "@/components/dashboard/format";
import { scopeInfo } from "@/components/dashboard/provider-info";
import { requireStaffPage } from "@/lib/auth/staff";
import { funnelOf } from "@/lib/connect/funnel";
import { listWorkspaceOptions, readSnapshot } from "@/lib/db/queries/dashboard";
import { countConnectionsPerDay, countFailedChecks, countHealthChecksPerDay, countMissingScopes, countSessionsByFunnelStage } from "@/lib/db/queries/insights";
import { connectionStatuses } from "@/lib/db/schema";
import type { Lang } from "@/lib/providers/types";
import { listProviders } from "@/lib/providers";
import { getLocale, getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

const RANGES = [7, 30, 90] as const;

const schema = z.object({
  workspace: z.string().max(100).optional().catch(undefined),
  provider: z.string().max(32).optional().catch(undefined),
  days: z.coerce
    .number()
    .refine((n) => (RANGES as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
});

/** Why a check failed, in support's words: the outcomes the check engine reports (lib/providers/check.ts), outages folded into one. */
const REASONS = { missing_scopes: "missing", invalid_credentials: "credentials", rate_limited: "rateLimited", provider_unreachable: "outage", provider_error: "outage" } as const;

const OUTCOME_COLORS = {
  ok: "var(--ok)",
  missing_scopes: "var(--err)",
  invalid_credentials: "#7a1f5c",
  rate_limited: "var(--warn)",
  provider_unreachable: "#5b5b6b",
  provider_error: "#9a9aa8",
} as const;
const STATUS_COLORS: Record<string, string> = { active: "var(--ok)", needs_attention: "var(--err)", pending: "var(--warn)", deleted: "#9a9aa8" };

function utcDays(from: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * 86400_000).toISOString().slice(0, 10));
}

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("viewer", "/dashboard/insights");
  const raw = await searchParams;
  const p = schema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const lang = (await getLocale()) as Lang;
  const t = await getTranslations("dashboard");
  const days = p.days ?? 30;
  const providers = listProviders();
  const provider = providers.some((d) => d.id === p.provider) ? p.provider : undefined;
  // Whole UTC days, today included.
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const to = new Date(today.getTime() + 86400_000);
  const from = new Date(to.getTime() - days * 86400_000);

  const workspaces = await readSnapshot((tx) => listWorkspaceOptions(tx, staff.workspaceIds));
  // One workspace at a time, and only one in the account's scope (the options list is scoped).
  const workspace = workspaces.find((w) => w.id === p.workspace) ?? workspaces[0];
  const data = workspace
    ? await readSnapshot(async (tx) => {
        const f = { workspaceId: workspace.id, provider, from, to };
        return {
          funnel: await countSessionsByFunnelStage(tx, f),
          failed: await countFailedChecks(tx, f),
          missing: await countMissingScopes(tx, f, 10),
          perDay: await countConnectionsPerDay(tx, f),
          health: await countHealthChecksPerDay(tx, f),
        };
      })
    : null;

  const funnel = funnelOf(data?.funnel ?? []);
  const pct = (r: number) => (r * 100).toLocaleString(lang, { maximumFractionDigits: 0 });
  const missing = (data?.missing ?? []).map((m) => ({ ...m, label: `${providerName(m.provider)}: ${scopeInfo(m.provider, m.scope, lang).permission ?? m.scope}` }));
  const reasons = new Map<string, { label: string; value: number }>();
  for (const f of data?.failed ?? []) {
    const reason = REASONS[f.outcome as keyof typeof REASONS];
    if (!reason) continue;
    const key = `${f.provider}:${reason}`;
    const label = `${providerName(f.provider)}: ${t(`insights.reason.${reason}`)}`;
    reasons.set(key, { label, value: (reasons.get(key)?.value ?? 0) + f.checks });
  }
  const reasonRows = [...reasons.values()].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const range = utcDays(from, days);
  const perDay: Record<string, Record<string, number>> = {};
  for (const r of data?.perDay ?? []) (perDay[r.day] ??= {})[r.status] = r.connections;
  const health: Record<string, Record<string, number>> = {};
  for (const r of data?.health ?? []) (health[r.day] ??= {})[r.outcome] = r.checks;
  const statusSeries: Series[] = connectionStatuses.map((s) => ({ key: s, label: t(`status.${s}`), color: STATUS_COLORS[s]! }));
  const outcomeSeries: Series[] = (Object.keys(OUTCOME_COLORS) as Array<keyof typeof OUTCOME_COLORS>).map((o) => ({ key: o, label: t(`insights.outcome.${o}`), color: OUTCOME_COLORS[o] }));
  const top = missing[0];

  return (
    <>
      <h1>{t("insights.title")}</h1>
      <p className="muted" style={{ marginTop: -8 }}>{t("insights.lead")}</p>
      <section className="dash-section">
        <form className="dash-filters" method="get" action="/dashboard/insights">
          <div className="dash-field">
            <label htmlFor="in-ws">{t("list.workspace")}</label>
            <select id="in-ws" name="workspace" defaultValue={workspace?.id ?? ""}>
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="in-provider">{t("list.provider")}</label>
            <select id="in-provider" name="provider" defaultValue={provider ?? ""}>
              <option value="">{t("list.any")}</option>
              {providers.map((d) => (
                <option key={d.id} value={d.id}>{d.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="in-days">{t("insights.range")}</label>
            <select id="in-days" name="days" defaultValue={String(days)}>
              {RANGES.map((n) => (
                <option key={n} value={n}>{t("insights.lastDays", { n })}</option>
              ))}
            </select>
          </div>
          <button className="btn" type="submit">{t("list.apply")}</button>
        </form>
      </section>
      {!workspace ? (
        <p className="muted">{t("insights.noWorkspace")}</p>
      ) : (
        <>
          <section className="dash-section" aria-labelledby="in-funnel">
            <h2 id="in-funnel">{t("insights.funnel")}</h2>
            <p className="muted">{provider ? t("insights.funnelProviderNote", { provider: providerName(provider) }) : t("insights.funnelNote")}</p>
            <BarList
              title={t("insights.funnelChart")}
              lang={lang}
              empty={t("insights.noSessions")}
              headers={[t("insights.stageHeader"), t("insights.sessions"), t("insights.dropHeader")]}
              rows={funnel[0]!.reached === 0 ? [] : funnel.map((s, i) => ({ label: t(`insights.stage.${s.stage}`), value: s.reached, note: i === 0 ? undefined : t("insights.drop", { n: s.dropped, pct: pct(s.dropRate) }) }))}
            />
          </section>
          <section className="dash-section" aria-labelledby="in-fail">
            <h2 id="in-fail">{t("insights.failures")}</h2>
            {top ? <p data-testid="top-missing"><strong>{t("insights.topMissing", { permission: top.label, n: top.checks })}</strong></p> : null}
            <BarList
              title={t("insights.missingChart")}
              lang={lang}
              empty={t("insights.noMissing")}
              headers={[t("insights.permissionHeader"), t("insights.checks")]}
              color="var(--err)"
              rows={missing.map((m) => ({ label: m.label, value: m.checks }))}
            />
            <BarList
              title={t("insights.reasonsChart")}
              lang={lang}
              empty={t("insights.noFailures")}
              headers={[t("insights.reasonHeader"), t("insights.checks")]}
              color="var(--warn)"
              rows={reasonRows}
            />
          </section>
          <section className="dash-section" aria-labelledby="in-conn">
            <h2 id="in-conn">{t("insights.connections")}</h2>
            <DailyStack title={t("insights.connectionsChart")} lang={lang} days={range} series={statusSeries} values={perDay} dayHeader={t("insights.day")} totalHeader={t("insights.total")} empty={t("insights.noConnections")} />
            <DailyStack title={t("insights.healthChart")} lang={lang} days={range} series={outcomeSeries} values={health} dayHeader={t("insights.day")} totalHeader={t("insights.total")} empty={t("insights.noHealthChecks")} />
          </section>
        </>
      )}
    </>
  );
}
