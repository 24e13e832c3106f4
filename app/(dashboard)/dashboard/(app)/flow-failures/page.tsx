import type { Metadata } from "next";
import { z } from "zod";
import { customerSaw } from "@/components/dashboard/customer-saw";
import { providerName } from "@/components/dashboard/format";
import { DataTable } from "@/components/dashboard/data-table";
import { requireStaffPage } from "@/lib/auth/staff";
import { listFlowFailures, listWorkspaceOptions, readSnapshot } from "@/lib/db/queries/dashboard";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flow failures" };

const schema = z.object({
  workspace: z.string().max(100).optional().catch(undefined),
  idle: z.coerce.number().int().min(0).max(10_080).optional().catch(undefined),
  cursor: z.string().max(400).optional().catch(undefined),
});

export default async function FlowFailuresPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("viewer", "/dashboard/flow-failures");
  const raw = await searchParams;
  const p = schema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const idle = p.idle ?? 30;
  const [page, workspaces] = await readSnapshot(async (tx) => [
    await listFlowFailures(tx, { workspaceIds: staff.workspaceIds, workspaceId: p.workspace || undefined, idleMinutes: idle, before: p.cursor }),
    await listWorkspaceOptions(tx, staff.workspaceIds),
  ] as const);
  const wsName = new Map(workspaces.map((w) => [w.id, w.name]));
  const next = new URLSearchParams({ ...(p.workspace ? { workspace: p.workspace } : {}), idle: String(idle), ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
  return (
    <>
      <h1>{t("flow.title")}</h1>
      <p className="muted" style={{ marginTop: -8 }}>{t("flow.lead")}</p>
      <section className="dash-section">
        <form className="dash-filters" method="get" action="/dashboard/flow-failures">
          <div className="dash-field">
            <label htmlFor="ff-ws">{t("list.workspace")}</label>
            <select id="ff-ws" name="workspace" defaultValue={p.workspace ?? ""}>
              <option value="">{t("list.any")}</option>
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          </div>
          <div className="dash-field">
            <label htmlFor="ff-idle">{t("flow.idle")}</label>
            <select id="ff-idle" name="idle" defaultValue={String(idle)}>
              {[15, 30, 60, 240, 1440].map((m) => (
                <option key={m} value={m}>{t("flow.minutes", { n: m })}</option>
              ))}
            </select>
          </div>
          <button className="btn" type="submit">{t("list.apply")}</button>
        </form>
        <DataTable caption={t("flow.title")} headers={[t("flow.endUser"), t("list.provider"), t("flow.lastStep"), t("flow.lastError"), t("flow.customerSaw"), t("flow.lastActivity")]} empty={page.rows.length === 0 ? t("flow.none") : null}>
          {page.rows.map((f) => {
                  const provider = f.lastProvider ?? (f.providers?.length === 1 ? f.providers[0]! : null);
                  return (
                    <tr key={f.sessionId}>
                      <td>
                        {f.endUserName || f.endUserId}
                        <div className="dash-sub">
                          {f.endUserEmail ? `${f.endUserEmail} · ` : ""}
                          <span className="dash-mono">{f.endUserId}</span>
                        </div>
                        <div className="dash-sub">{wsName.get(f.workspaceId) ?? f.workspaceId} · {f.mode} · {f.link}</div>
                      </td>
                      <td>{provider ? providerName(provider) : "—"}</td>
                      <td className="dash-mono">{f.lastStep ?? "—"}</td>
                      <td>{f.lastErrorCode ? <span className="badge badge-err">{f.lastErrorCode}</span> : <span className="dash-sub">{t("flow.noError")}</span>}</td>
                      <td style={{ maxWidth: 360 }}>{customerSaw(f.lastErrorCode, provider, lang) ?? "—"}</td>
                      <td className="dash-sub">
                        {formatDateTime(lang, f.lastActivityAt)}
                        <div>{t("common.labelled", { label: t("flow.expires") })} {formatDateTime(lang, f.expiresAt)}</div>
                      </td>
                    </tr>
                  );
                })}
        </DataTable>
        {page.nextCursor ? (
          <nav className="dash-pager" aria-label={t("flow.title")}>
            <a className="btn btn-secondary" href={`/dashboard/flow-failures?${next}`}>{t("list.next")}</a>
          </nav>
        ) : null}
      </section>
    </>
  );
}
