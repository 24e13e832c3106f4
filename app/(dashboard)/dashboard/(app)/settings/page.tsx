import type { Metadata } from "next";
import { ClientMessages } from "@/components/dashboard/client-messages";
import { z } from "zod";
import { ApiKeysPanel, GeneralSettingsForm } from "@/components/dashboard/settings-forms";
import { WebhooksPanel } from "@/components/dashboard/webhooks-panel";
import { inScope, requireStaffPage } from "@/lib/auth/staff";
import { previousSecretsUntil, WEBHOOK_LOG_LIMIT } from "../../_lib/settings";
import { readSnapshot } from "@/lib/db/queries/dashboard";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { listWorkspaces } from "@/lib/db/queries/workspaces";
import { dashboardKeyPermissions, operatorOnlyPermissions } from "@/lib/db/schema";
import { eventTypes } from "@/lib/handoff/outbox";
import { listWebhookDeliveries, listWebhookEndpoints, toWebhookDeliveryDto, toWebhookEndpointDto } from "@/lib/handoff/webhooks/endpoints";
import { getLocale, getTranslations } from "next-intl/server";
import { getProvider } from "@/lib/providers";
import { listProviderSettings, settingsFormValues } from "@/lib/providers/settings";
import { listOAuthFlows } from "@/lib/providers/flows";
import { redirectUri } from "@/lib/connections/oauth";
import { listOAuthApps } from "@/lib/vault";
import { OAuthAppsPanel, type OAuthAppRow } from "@/components/dashboard/oauth-apps-panel";
import { providerText } from "@/lib/providers/text";
import type { ProviderId } from "@/lib/providers/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("admin", "/dashboard/settings");
  const sp = await searchParams;
  const wanted = z.string().max(100).optional().catch(undefined).parse(Array.isArray(sp.workspace) ? sp.workspace[0] : sp.workspace);
  const lang = await getLocale();
  const t = await getTranslations("dashboard");
  const loaded = await readSnapshot(async (db) => {
    const all = (await listWorkspaces(db)).filter((w) => inScope(staff, w.id));
    const ws = all.find((w) => w.id === wanted) ?? all[0];
    if (!ws) return null;
    // Display columns only: never the key hash or a sealed signing secret (the endpoint DTO
    // carries secret ids and dates, nothing sealed).
    const keys = (await listApiKeys(db, ws.id)).map((k) => ({
      id: k.id,
      name: k.name,
      display: `${k.prefix}…${k.lastFour}`,
      permissions: k.permissions,
      readsSecrets: k.permissions.some((p) => (operatorOnlyPermissions as readonly string[]).includes(p)),
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
    const endpoints = [];
    for (const e of await listWebhookEndpoints(db, ws.id)) {
      const deliveries = (await listWebhookDeliveries(db, { workspaceId: ws.id, endpointId: e.id, limit: WEBHOOK_LOG_LIMIT })).map(toWebhookDeliveryDto);
      endpoints.push({ ...toWebhookEndpointDto(e), deliveries, previousUntil: previousSecretsUntil(e) });
    }
    const apps = await listOAuthApps(db, ws.id);
    return { all, ws, keys, endpoints, apps };
  });
  if (!loaded) return <h1>{t("settings.title")}</h1>;
  const { all, ws, keys, endpoints, apps } = loaded;
  // Every provider with an OAuth route gets a form, whether or not the workspace has its app yet.
  const oauthApps: OAuthAppRow[] = listOAuthFlows().map((f) => {
    const a = apps.find((x) => x.provider === f.provider);
    return { provider: f.provider, name: getProvider(f.provider)!.name, clientId: a?.clientId ?? "", preferred: a?.preferred ?? true, secretFingerprint: a?.secretFingerprint ?? null, hasSecret: !!a?.hasSecret };
  });
  // Each provider's settings fields, with their texts resolved in the reader's language.
  const text = (id: ProviderId, key: string) => providerText(id, key)[lang];
  const providerForms = listProviderSettings().map(({ provider, settings }) => ({
    id: provider.id,
    name: provider.name,
    fields: settings.fields.map((f) => ({
      key: f.key,
      label: text(provider.id, f.label),
      hint: f.hint ? text(provider.id, f.hint) : undefined,
      invalid: text(provider.id, f.invalid),
      placeholder: f.placeholder,
      maxLength: f.maxLength,
    })),
  }));
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <form method="get" action="/dashboard/settings" className="dash-filters">
        <div className="dash-field">
          <label htmlFor="s-ws">{t("settings.choose")}</label>
          <select id="s-ws" name="workspace" defaultValue={ws.id}>
            {all.map((w) => (
              <option key={w.id} value={w.id}>{w.name}</option>
            ))}
          </select>
        </div>
        <button className="btn btn-secondary" type="submit">{t("list.apply")}</button>
      </form>
      <ClientMessages namespaces={["settings"]}>
        <GeneralSettingsForm
          key={ws.id}
          lang={lang}
          workspaceId={ws.id}
          initial={{
            origins: ws.allowedOrigins.join("\n"),
            displayName: ws.branding.displayName ?? "",
            logoUrl: ws.branding.logoUrl ?? "",
            accentColor: ws.branding.accentColor ?? "",
            defaultLanguage: ws.defaultLanguage,
            providerSettings: Object.fromEntries(providerForms.map((p) => [p.id, settingsFormValues(getProvider(p.id)!.settings!, ws.providerSettings[p.id])])),
          }}
          providers={providerForms}
        />
        <OAuthAppsPanel lang={lang} workspaceId={ws.id} redirectUri={redirectUri()} apps={oauthApps} />
        <ApiKeysPanel lang={lang} workspaceId={ws.id} keys={keys} permissionOptions={dashboardKeyPermissions} />
        <WebhooksPanel key={`wh-${ws.id}`} lang={lang} workspaceId={ws.id} endpoints={endpoints} eventTypeOptions={eventTypes.filter((t) => t !== "webhook_endpoint.test")} />
      </ClientMessages>
    </>
  );
}
