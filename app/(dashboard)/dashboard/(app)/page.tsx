import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { DataTable, DateRangeFields, FilterActions } from "@/components/dashboard/data-table";
import { accountText, providerName, providerOptions, StatusBadge } from "@/components/dashboard/format";
import { requireStaffPage } from "@/lib/auth/staff";
import { countConnectionsByStatus, listConnections, listWorkspaceOptions, readSnapshot, type ConnectionFilters } from "@/lib/db/queries/dashboard";
import { connectionStatuses } from "@/lib/db/schema";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n/format";
import { intlLocales } from "@/lib/i18n/languages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connections" };

const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const searchSchema = z.object({
  workspace: z.string().max(100).optional().catch(undefined),
  provider: z.string().max(40).optional().catch(undefined),
  status: z.enum(connectionStatuses).optional().catch(undefined),
  from: dateParam,
  to: dateParam,
  q: z.string().max(200).optional().catch(undefined),
  cursor: z.string().max(400).optional().catch(undefined),
});

function toFilters(p: z.infer<typeof searchSchema>): ConnectionFilters {
  const to = p.to ? new Date(`${p.to}T00:00:00Z`) : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1); // "until" includes that whole day
  return {
    workspaceId: p.workspace || undefined,
    provider: p.provider || undefined,
    status: p.status,
    from: p.from ? new Date(`${p.from}T00:00:00Z`) : undefined,
    to,
    q: p.q?.trim() || undefined,
  };
}

function href(params: Record<string, string | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  const s = sp.toString();
  return s ? `/dashboard?${s}` : "/dashboard";
}

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("viewer", "/dashboard");
  const raw = await searchParams;
  const p = searchSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  // Lists, counts, search and the workspace filter: only the account's workspaces.
  const filters = { ...toFilters(p), workspaceIds: staff.workspaceIds };
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const [page, counts, workspaces] = await readSnapshot(async (tx) => [
    await listConnections(tx, filters, { cursor: p.cursor }),
    await countConnectionsByStatus(tx, filters),
    await listWorkspaceOptions(tx, staff.workspaceIds),
  ] as const);
  const wsName = new Map(workspaces.map((w) => [w.id, w.name]));
  const base = { workspace: p.workspace, provider: p.provider, from: p.from, to: p.to, q: p.q };
  return (
    <>
      <h1>{t("list.title")}</h1>
      <ul className="dash-counts" aria-label={t("list.counts")}>
        {connectionStatuses.map((s) => (
          <li key={s}>
            <Link prefetch={false} href={href({ ...base, status: p.status === s ? undefined : s })} aria-current={p.status === s ? "true" : undefined}>
              <strong>{counts[s].toLocaleString(intlLocales[lang])}</strong> <span>{t(`status.${s}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <section className="dash-section" aria-labelledby="filters-h">
        <h2 id="filters-h" className="visually-hidden">{t("list.apply")}</h2>
        <form className="dash-filters" method="get" action="/dashboard" role="search">
          <div className="dash-field" style={{ flex: "1 1 240px" }}>
            <label htmlFor="f-q">{t("list.search")}</label>
            <input id="f-q" name="q" type="search" defaultValue={p.q ?? ""} aria-describedby="f-q-hint" />
            <small id="f-q-hint">{t("list.searchHint")}</small>
          </div>
          <div className="dash-field">
            <label htmlFor="f-ws">{t("list.workspace")}</label>
            <select id="f-ws" name="workspace" defaultValue={p.workspace ?? ""}>
              <option value="">{t("list.any")}</option>
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="f-provider">{t("list.provider")}</label>
            <select id="f-provider" name="provider" defaultValue={p.provider ?? ""}>
              <option value="">{t("list.any")}</option>
              {providerOptions.map((o) => (
                <option key={o.id} value={o.id}>{o.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="f-status">{t("list.status")}</label>
            <select id="f-status" name="status" defaultValue={p.status ?? ""}>
              <option value="">{t("list.notDeleted")}</option>
              {connectionStatuses.map((s) => (
                <option key={s} value={s}>{t(`status.${s}`)}</option>
              ))}
            </select>
          </div>
          <DateRangeFields t={t} idPrefix="f" from={p.from} to={p.to} />
          <FilterActions t={t} resetHref="/dashboard" />
        </form>
        <DataTable caption={t("list.title")} headers={[t("list.endUser"), t("list.provider"), t("list.account"), t("list.status"), t("list.workspace"), t("list.created"), t("list.lastCheck")]} empty={page.rows.length === 0 ? t("list.none") : null}>
          {page.rows.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link prefetch={false} href={`/dashboard/connections/${c.id}`}>{c.endUserName || c.endUserId}</Link>
                      <div className="dash-sub">
                        {c.endUserEmail ? `${c.endUserEmail} · ` : ""}
                        <span className="dash-mono">{c.endUserId}</span>
                      </div>
                    </td>
                    <td>{providerName(c.provider)}</td>
                    <td>{accountText(c.accountLabel, c.provider, (provider) => t("list.accountNotExposed", { provider }))}</td>
                    <td><StatusBadge status={c.status} label={t(`status.${c.status}`)} /></td>
                    <td className="dash-sub">{wsName.get(c.workspaceId) ?? c.workspaceId}</td>
                    <td className="dash-sub">{formatDateTime(lang, c.createdAt)}</td>
                    <td className="dash-sub">{c.lastCheckedAt ? formatDateTime(lang, c.lastCheckedAt) : "—"}</td>
                  </tr>
                ))}
        </DataTable>
        <nav className="dash-pager" aria-label={t("list.title")}>
          {p.cursor ? <a className="btn btn-secondary" href={href({ ...base, status: p.status })}>{t("list.first")}</a> : null}
          {page.nextCursor ? <a className="btn btn-secondary" href={href({ ...base, status: p.status, cursor: page.nextCursor })}>{t("list.next")}</a> : null}
        </nav>
      </section>
    </>
  );
}
