// Per-provider workspace settings (`workspaces.provider_settings`, jsonb: `{ <provider id>: {...} }`).
// Each provider declares its schema, its form fields and its demo values on its definition
// (`ProviderDefinition.settings`, in the provider's own folder, lib/providers/<id>/); the dashboard's
// settings page, the settings operation and the demo workspace reach them only through here.
// Isomorphic and free of texts: the callers resolve the fields' text keys (providerText).
import { listProviders } from "@/lib/providers";
import type { ProviderDefinition, ProviderId, ProviderSettings, TextKey } from "@/lib/providers/types";

/** What `workspaces.provider_settings` holds. */
export type StoredProviderSettings = Partial<Record<string, Record<string, unknown>>>;

/** Every provider that has workspace settings, in catalog order. */
export function listProviderSettings(): Array<{ provider: ProviderDefinition; settings: ProviderSettings }> {
  return listProviders().flatMap((provider) => (provider.settings ? [{ provider, settings: provider.settings }] : []));
}

/** The settings form's values of one provider: the stored value, else the field's default, else "". */
export function settingsFormValues(settings: ProviderSettings, stored: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(settings.fields.map((f) => [f.key, typeof stored?.[f.key] === "string" ? (stored[f.key] as string) : (f.default ?? "")]));
}

export type ProviderSettingsIssue = { provider: ProviderId; field: string; text: TextKey };

/**
 * The settings form's input (`{ <provider id>: { <key>: string } }`) parsed by each provider's
 * schema into what is stored. A provider missing from the input keeps what `previous` holds;
 * unknown providers are ignored. Fails with one issue per refused field (its `invalid` text key).
 */
export function parseProviderSettings(
  input: Record<string, Record<string, unknown> | undefined>,
  previous: StoredProviderSettings,
): { ok: true; value: StoredProviderSettings } | { ok: false; issues: ProviderSettingsIssue[] } {
  const value: StoredProviderSettings = { ...previous };
  const issues: ProviderSettingsIssue[] = [];
  for (const { provider, settings } of listProviderSettings()) {
    const raw = input[provider.id];
    if (raw === undefined) continue;
    const parsed = settings.schema.safeParse(raw);
    if (parsed.success) {
      value[provider.id] = Object.fromEntries(Object.entries(parsed.data as Record<string, unknown>).filter(([, v]) => v !== undefined));
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = settings.fields.find((f) => f.key === issue.path[0]);
      if (field && !issues.some((i) => i.provider === provider.id && i.field === field.key)) issues.push({ provider: provider.id, field: field.key, text: field.invalid });
    }
    if (!issues.some((i) => i.provider === provider.id)) issues.push({ provider: provider.id, field: "_", text: settings.fields[0]!.invalid });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/** The demo workspace's settings: every provider's declared demo values, through its schema. */
export function demoProviderSettings(): StoredProviderSettings {
  const out: StoredProviderSettings = {};
  for (const { provider, settings } of listProviderSettings()) if (settings.demo) out[provider.id] = settings.schema.parse(settings.demo) as Record<string, unknown>;
  return out;
}
