// The one provider registry. Isomorphic: the wizard (client components) imports it for fields,
// guide steps and scope names, so nothing here may import server-only code. Server parts are in
// lib/providers/registry.server.ts (credential checks) and lib/providers/flows.ts (service users).
import { hrworks } from "@/lib/providers/hrworks";
import { justworks } from "@/lib/providers/justworks";
import { peoplehr } from "@/lib/providers/peoplehr";
import { personio } from "@/lib/providers/personio";
import { providerIds, type ProviderDefinition, type ProviderId } from "@/lib/providers/types";

export { defineProvider } from "@/lib/providers/define";
export { parseHrworksKeyFile } from "@/lib/providers/hrworks/key-file";

export const providers: Partial<Record<ProviderId, ProviderDefinition>> = {
  hrworks,
  personio,
  peoplehr,
  justworks,
};

export function getProvider(id: ProviderId | string): ProviderDefinition | undefined {
  return Object.hasOwn(providers, id) ? providers[id as ProviderId] : undefined;
}

/** In catalog order (the picker's default order). */
export function listProviders(): ProviderDefinition[] {
  return providerIds.map((id) => providers[id]).filter((p): p is ProviderDefinition => p !== undefined);
}
