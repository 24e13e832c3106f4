// Provider facts the dashboard shows next to a scope: the provider's own permission name and the
// fix-it text, from the provider registry and its message files. Server side only.
import { getProvider } from "@/lib/providers";
import { providerText } from "@/lib/providers/text";
import type { Lang, ProviderId, ScopeId } from "@/lib/providers/types";

export function scopeInfo(provider: string, scope: string, lang: Lang): { permission?: string; fix?: string } {
  const def = getProvider(provider)?.scopes[scope as ScopeId];
  const id = provider as ProviderId;
  return def ? { permission: providerText(id, def.permission)[lang], fix: providerText(id, def.fix)[lang] } : {};
}
