import type { Dict } from "@/components/dashboard/i18n";
import { getProvider, listProviders } from "@/lib/providers";

/** The providers in the registry's order, for filters. */
export const providerOptions = listProviders().map((p) => ({ id: p.id, name: p.name }));

/** A provider's name from the registry; the id itself for one this Latchkey no longer offers. */
export function providerName(id: string): string {
  return getProvider(id)?.name ?? id;
}

export function StatusBadge({ status, d }: { status: string; d: Dict }) {
  const label = (d.status as Record<string, string>)[status] ?? status;
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function ScopeBadge({ status, d }: { status: string; d: Dict }) {
  const label = (d.scope as Record<string, string>)[status] ?? status;
  return <span className={`badge badge-${status}`}>{label}</span>;
}
