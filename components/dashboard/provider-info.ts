// Provider facts the dashboard shows next to a scope: the provider's own permission name and the
// fix-it text. Read from the provider registry (lib/providers) when it has the provider.
import type { DashLang } from "@/components/dashboard/i18n";

export function scopeInfo(_provider: string, _scope: string, _lang: DashLang): { permission?: string; fix?: string } {
  return {};
}
