import type { ScopeStatus } from "@/lib/providers/types";
import { ClientMessages } from "@/components/dashboard/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectionActions } from "@/components/dashboard/connection-actions";
import { accountText, providerName, ScopeBadge } from "@/components/dashboard/format";
import { scopeInfo } from "@/components/dashboard/provider-info";
import { LiveConnectionStatus, LiveTimeline } from "@/components/dashboard/live-connection";
import { LiveQueries } from "@/components/live/live-query";
import { hasRole, inScope, requireStaffPage } from "@/lib/auth/staff";
import { getConnectionDetail, getConnectionTimeline, latestScopes, readSnapshot, toConnectionLive } from "@/lib/db/queries/dashboard";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { providerText } from "@/lib/providers/text";
import { auditConnectionViewed, connectionIdSchema } from "../../../_lib/operations";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connection" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaffPage("viewer", `/dashboard/connections/${encodeURIComponent(id)}`);
  if (!connectionIdSchema.safeParse(id).success) notFound();
  const c = await readSnapshot((tx) => getConnectionDetail(tx, id));
  // Another workspace's connection is "not found" for a scoped account, exactly like a missing one.
  if (!c || !inScope(staff, c.workspaceId)) notFound();
  await auditConnectionViewed(staff, c);
  // The status badge and the timeline stay current while the page is open (live-connection.tsx).
  const live = toConnectionLive(c, await readSnapshot((tx) => getConnectionTimeline(tx, c.id)));
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const tc = await getTranslations("common");
  const scopes = latestScopes(c);
  // A service-user provider: its state and the actions its flow offers, texts in the reader's language.
  const flow = getServiceUserFlow(c.provider);
  const flowState = flow?.parseState(c.providerState);
  const serviceUser = flow
    ? {
        provider: providerName(c.provider),
        state: flowState?.state ?? null,
        granted: flowState ? flow.dashboard.granted(flowState) : [],
        actions: flowState
          ? flow.dashboard.actions
              .filter((a) => a.available(flowState.state))
              .map((a) => ({ action: a.action, label: providerText(flow.provider, a.label)[lang], checklist: !!a.checklist }))
          : [],
        permissions: flow.dashboard.permissions,
      }
    : null;
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link prefetch={false} href="/dashboard">← {t("conn.back")}</Link>
      </p>
      <h1>
        {c.endUserName || c.endUserId} · {providerName(c.provider)}{" "}
        <ClientMessages namespaces={["status"]}>
          <LiveQueries>
            <LiveConnectionStatus connectionId={c.id} initial={live} />
          </LiveQueries>
        </ClientMessages>
      </h1>
      {c.deletedAt ? <p className="dash-alert dash-alert-info">{t("conn.deletedNote", { date: formatDateTime(lang, c.deletedAt) })}</p> : null}
      <div className="dash-grid">
        <div>
          <section className="dash-section" aria-labelledby="ov-h">
            <h2 id="ov-h">{t("conn.overview")}</h2>
            <dl className="dash-dl">
              <dt>{t("conn.workspace")}</dt>
              <dd>{c.workspaceName}</dd>
              <dt>{t("conn.endUser")}</dt>
              <dd>
                {c.endUserName ?? "—"} {c.endUserEmail ? <span className="dash-sub">· {c.endUserEmail}</span> : null}
                <div className="dash-mono">{c.endUserId}</div>
              </dd>
              <dt>{t("conn.account")}</dt>
              <dd>{accountText(c.accountLabel, c.provider, (provider) => t("list.accountNotExposed", { provider }))}</dd>
              <dt>{t("conn.created")}</dt>
              <dd>{formatDateTime(lang, c.createdAt)}</dd>
              <dt>{t("conn.lastCheck")}</dt>
              <dd>{c.lastCheckedAt ? formatDateTime(lang, c.lastCheckedAt) : t("conn.never")}</dd>
              <dt>{t("conn.sync")}</dt>
              <dd>
                {c.syncStatus ?? "—"}
                {c.syncMessage ? <span className="dash-sub"> · {c.syncMessage}</span> : null}
              </dd>
              <dt>ID</dt>
              <dd className="dash-mono">{c.id}</dd>
            </dl>
          </section>
          <section className="dash-section" aria-labelledby="scopes-h">
            <h2 id="scopes-h">{t("conn.scopes")}</h2>
            <div className="dash-table-wrap">
              <table className="dash-table">
                <thead>
                  <tr>
                    <th scope="col">{t("conn.scope")}</th>
                    <th scope="col">{t("conn.result")}</th>
                    <th scope="col">{t("conn.providerStatus")}</th>
                    <th scope="col">{t("conn.fix")}</th>
                  </tr>
                </thead>
                <tbody>
                  {scopes.map((s) => {
                    const info = scopeInfo(c.provider, s.scope, lang);
                    return (
                      <tr key={s.scope}>
                        <td>
                          <span className="dash-mono">{s.scope}</span>
                          <div className="dash-sub">
                            {info.permission ? `${info.permission} · ` : ""}
                            {s.required ? t("conn.required") : t("conn.optional")}
                          </div>
                        </td>
                        <td><ScopeBadge status={s.status} label={tc(`scope.${s.status}`)} /></td>
                        <td className="dash-mono">{s.providerStatus ?? "—"}</td>
                        <td>{s.status !== "granted" ? (info.fix ?? s.detail ?? "—") : "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <section className="dash-section" aria-labelledby="tl-h">
            <h2 id="tl-h">{t("conn.timeline")}</h2>
            <ClientMessages namespaces={["tl", "conn"]}>
              <LiveQueries>
                <LiveTimeline connectionId={c.id} initial={live} lang={lang} scopeLabels={Object.fromEntries((["granted", "missing", "unknown"] as const satisfies readonly ScopeStatus[]).map((s) => [s, tc(`scope.${s}`)]))} />
              </LiveQueries>
            </ClientMessages>
          </section>
        </div>
        <div>
          <section className="dash-section" aria-labelledby="cred-h">
            <h2 id="cred-h">{t("conn.credential")}</h2>
            {c.credential ? (
              <dl className="dash-dl">
                <dt>{t("conn.fingerprint")}</dt>
                <dd className="dash-mono" data-testid="fingerprint">{c.credential.fingerprint ? (c.credential.fingerprint.startsWith("…") ? c.credential.fingerprint : `…${c.credential.fingerprint}`) : "—"}</dd>
                <dt>{t("conn.version")}</dt>
                <dd>{c.credential.version}</dd>
                {c.credential.shreddedAt ? (
                  <>
                    <dt>{t("conn.status")}</dt>
                    <dd>{t("conn.shredded", { date: formatDateTime(lang, c.credential.shreddedAt) })}</dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p className="muted">{t("conn.noCredential")}</p>
            )}
          </section>
          <ClientMessages namespaces={["actions"]}>
            <ConnectionActions
              lang={lang}
              connectionId={c.id}
              canOperate={hasRole(staff, "support")}
              canDelete={hasRole(staff, "admin")}
              deleted={!!c.deletedAt}
              serviceUser={serviceUser}
            />
          </ClientMessages>
        </div>
      </div>
    </>
  );
}
