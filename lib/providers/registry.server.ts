// The server registry: each provider's server-side part, by id. A credentials flow registers its
// credential check (`<id>/server.ts`, built with the helper kit in kit.ts); a service-user flow
// registers its steps (lib/providers/flows.ts). Save, status, the dashboard and the health checks
// reach provider-specific behaviour only through here and lib/providers/flows.ts.
import "server-only";
import { hrworksServer } from "@/lib/providers/hrworks/server";
import type { AnyProviderServer } from "@/lib/providers/kit";
import { peoplehrServer } from "@/lib/providers/peoplehr/server";
import { personioServer } from "@/lib/providers/personio/server";
import type { ProviderId } from "@/lib/providers/types";



const servers: Partial<Record<ProviderId, AnyProviderServer>> = {
  hrworks: hrworksServer,
  personio: personioServer,
  peoplehr: peoplehrServer,
};

/** The credential check of a `credentials` flow; undefined for other flows. */
export function getProviderServer(id: ProviderId): AnyProviderServer | undefined {
  return servers[id];
}
