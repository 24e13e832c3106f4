import type { Dict } from "@/components/dashboard/i18n";
import { providerIds } from "@/lib/providers/types";

export const providerNames: Record<string, string> = { hrworks: "HR WORKS", personio: "Personio", peoplehr: "Access People HR", justworks: "Justworks" };
export const providerOptions = providerIds.map((id) => ({ id, name: providerNames[id] ?? id }));

export function providerName(id: string): string {
  return providerNames[id] ?? id;
}

export function StatusBadge({ status, d }: { status: string; d: Dict }) {
  const label = (d.status as Record<string, string>)[status] ?? status;
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function ScopeBadge({ status, d }: { status: string; d: Dict }) {
  const label = (d.scope as Record<string, string>)[status] ?? status;
  return <span className={`badge badge-${status}`}>{label}</span>;
}
