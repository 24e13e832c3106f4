import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { DataTable, DateRangeFields, FilterActions } from "@/components/dashboard/data-table";
import { requireStaffPage } from "@/lib/auth/staff";
import { listAuditActions, listAuditEntries } from "@/lib/db/queries/audit";
import { listWorkspaceOptions, readSnapshot } from "@/lib/db/queries/dashboard";
import { actorTypes } from "@/lib/db/schema";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const schema = z.object({
  workspace: z.string().max(100).optional().catch(undefined),
  actorType: z.enum(actorTypes).optional().catch(undefined),
  actor: z.string().max(254).optional().catch(undefined),
  action: z.string().max(100).optional().catch(undefined),
  target: z.string().max(100).optional().catch(undefined),
  from: dateParam,
  to: dateParam,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("viewer", "/dashboard/audit");
  const raw = await searchParams;
  const p = schema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const to = p.to ? new Date(`${p.to}T00:00:00Z`) : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1);
  const [page, actions, workspaces] = await readSnapshot(async (db) => [
    await listAuditEntries(
      db,
      {
        workspaceIds: staff.workspaceIds,
        workspaceId: p.workspace || undefined,
        actorType: p.actorType,
        actor: p.actor || undefined,
        action: p.action || undefined,
        targetId: p.target || undefined,
        from: p.from ? new Date(`${p.from}T00:00:00Z`) : undefined,
        to,
      },
      { beforeId: p.before },
    ),
    await listAuditActions(db),
    await listWorkspaceOptions(db, staff.workspaceIds),
  ] as const);
  const keep = Object.fromEntries(Object.entries({ ...p, before: undefined }).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const older = page.nextBeforeId ? `/dashboard/audit?${new URLSearchParams({ ...keep, before: String(page.nextBeforeId) })}` : null;
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <section className="dash-section">
        <form className="dash-filters" method="get" action="/dashboard/audit">
          <div className="dash-field">
            <label htmlFor="a-ws">{t("list.workspace")}</label>
            <select id="a-ws" name="workspace" defaultValue={p.workspace ?? ""}>
              <option value="">{t("list.any")}</option>
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="a-type">{t("audit.actorType")}</label>
            <select id="a-type" name="actorType" defaultValue={p.actorType ?? ""}>
              <option value="">{t("list.any")}</option>
              {actorTypes.map((type) => (
                <option key={type} value={type}>{type}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="a-actor">{t("audit.actorFilter")}</label>
            <input id="a-actor" name="actor" type="text" defaultValue={p.actor ?? ""} />
          </div>
          <div className="dash-field">
            <label htmlFor="a-action">{t("audit.action")}</label>
            <select id="a-action" name="action" defaultValue={p.action ?? ""}>
              <option value="">{t("list.any")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>{a}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="a-target">{t("audit.targetFilter")}</label>
            <input id="a-target" name="target" type="text" defaultValue={p.target ?? ""} />
          </div>
          <DateRangeFields t={t} idPrefix="a" from={p.from} to={p.to} />
          <FilterActions t={t} resetHref="/dashboard/audit" />
        </form>
        <DataTable caption={t("audit.title")} headers={[t("audit.when"), t("audit.actor"), t("audit.action"), t("audit.target"), t("audit.details")]} empty={page.rows.length === 0 ? t("audit.none") : null}>
          {page.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="dash-sub">{formatDateTime(lang, r.createdAt)}</td>
                    <td>
                      {r.actorEmail ?? r.actorId ?? "—"}
                      <div className="dash-sub">{r.actorType}{r.ip ? ` · ${r.ip}` : ""}</div>
                    </td>
                    <td className="dash-mono">{r.action}</td>
                    <td>
                      {r.targetType === "connection" && r.targetId ? (
                        <Link prefetch={false} href={`/dashboard/connections/${r.targetId}`} className="dash-mono">{r.targetId}</Link>
                      ) : (
                        <span className="dash-mono">{r.targetId ?? "—"}</span>
                      )}
                      {r.targetType ? <div className="dash-sub">{r.targetType}</div> : null}
                    </td>
                    <td className="dash-sub" style={{ maxWidth: 380, wordBreak: "break-word" }}>
                      {r.reason ? <div>{r.reason}</div> : null}
                      {Object.keys(r.details).length ? <code>{JSON.stringify(r.details)}</code> : null}
                    </td>
                  </tr>
                ))}
        </DataTable>
        {older ? (
          <nav className="dash-pager" aria-label={t("audit.title")}>
            <a className="btn btn-secondary" href={older}>{t("audit.older")}</a>
          </nav>
        ) : null}
      </section>
    </>
  );
}
