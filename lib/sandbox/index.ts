// The simulators, by provider. The app serves them under /sandbox/<provider>/... in demo mode;
// tests run them standalone with serve.ts.
import type { ProviderId } from "@/lib/providers/types";
import { createHrworksSandbox } from "@/lib/sandbox/hrworks";
import { createJustworksSandbox } from "@/lib/sandbox/justworks";
import { justworksSandboxOAuthClient } from "@/lib/sandbox/justworks/oauth";
import { createPeoplehrSandbox } from "@/lib/sandbox/peoplehr";
import { createPersonioSandbox } from "@/lib/sandbox/personio";
import type { SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";

export type { SandboxHandler, SandboxOptions } from "@/lib/sandbox/types";

export const sandboxFactories: Partial<Record<ProviderId, (options?: SandboxOptions) => SandboxHandler>> = {
  hrworks: createHrworksSandbox,
  personio: createPersonioSandbox,
  peoplehr: createPeoplehrSandbox,
  justworks: createJustworksSandbox,
};

const instances = new Map<ProviderId, SandboxHandler>();

/** The shared instance the app serves (created on first use). */
export function getSandbox(id: ProviderId, options?: SandboxOptions): SandboxHandler | undefined {
  const factory = sandboxFactories[id];
  if (!factory) return undefined;
  let handler = instances.get(id);
  if (!handler) {
    handler = factory(options);
    instances.set(id, handler);
  }
  return handler;
}

/**
 * The OAuth apps the simulators know (not secrets: they open only the sandbox). The demo workspace
 * gets one per provider (lib/demo.ts), so the demo shows the OAuth route beside the provider's own.
 */
export const sandboxOAuthClients: Partial<Record<ProviderId, { clientId: string; clientSecret: string }>> = {
  justworks: justworksSandboxOAuthClient,
};
