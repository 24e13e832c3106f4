import { getProvider, listProviders } from "@/lib/providers";

/** The providers in the registry's order, for filters. */
export const providerOptions = listProviders().map((p) => ({ id: p.id, name: p.name }));

/** A provider's name from the registry; the id itself for one this Latchkey no longer offers. */
export function providerName(id: string): string {
  return getProvider(id)?.name ?? id;
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function ScopeBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}
