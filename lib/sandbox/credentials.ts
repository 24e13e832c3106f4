// Every documented sandbox credential, as data: the wizard's demo page and the README list them.
// Isomorphic (no secrets here: these only open the built-in simulators).
import type { ProviderId } from "@/lib/providers/types";
import { hrworksSandboxCredentials } from "@/lib/sandbox/hrworks/credentials";
import { peoplehrSandboxCredentials } from "@/lib/sandbox/peoplehr/credentials";
import { personioSandboxCredentials } from "@/lib/sandbox/personio/credentials";
import type { SandboxCredential } from "@/lib/sandbox/types";

export type { SandboxCredential } from "@/lib/sandbox/types";

export const sandboxCredentials: Partial<Record<ProviderId, SandboxCredential[]>> = {
  hrworks: hrworksSandboxCredentials,
  personio: personioSandboxCredentials,
  peoplehr: peoplehrSandboxCredentials,
  // A service-user flow has no credentials: its sandbox is a service-user mock.
};

export function listSandboxCredentials(id: ProviderId): SandboxCredential[] {
  return sandboxCredentials[id] ?? [];
}
