import { providerIds } from "@/lib/providers/types";

export const providerNames: Record<string, string> = { hrworks: "HR WORKS", personio: "Personio", peoplehr: "Access People HR", justworks: "Justworks" };
export const providerOptions = providerIds.map((id) => ({ id, name: providerNames[id] ?? id }));

export function providerName(id: string): string {
  return providerNames[id] ?? id;
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function ScopeBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}
