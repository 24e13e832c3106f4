import { getProvider, listProviders } from "@/lib/providers";

/** The providers in the registry's order, for filters. */
export const providerOptions = listProviders().map((p) => ({ id: p.id, name: p.name }));

/** A provider's name from the registry; the id itself for one this Latchkey no longer offers. */
export function providerName(id: string): string {
  return getProvider(id)?.name ?? id;
}

/**
 * The linked account (company) a connection's check read, or why there is none: "Not exposed by
 * HR WORKS" when the provider's API names no company; "—" when it does but no check has read it yet.
 */
export function accountText(label: string | null, providerId: string, notExposed: (provider: string) => string): string {
  if (label) return label;
  const provider = getProvider(providerId);
  return provider && !provider.exposesAccount ? notExposed(provider.name) : "—";
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function ScopeBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}
