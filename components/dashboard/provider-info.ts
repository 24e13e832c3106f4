// Provider facts the dashboard shows next to a scope: the provider's own permission name and the
// fix-it text, from the provider registry.
import type { Lang } from "@/lib/providers/types";
import { getProvider } from "@/lib/providers";
import type { ScopeId } from "@/lib/providers/types";

export function scopeInfo(provider: string, scope: string, lang: Lang): { permission?: string; fix?: string } {
  const def = getProvider(provider)?.scopes[scope as ScopeId];
  return def ? { permission: def.permission[lang], fix: def.fix[lang] } : {};
}
