// Providers whose connections move through a provider state machine (today: a service user that
// is invited, accepts and is verified), reached by provider id. lib/connections applies a
// machine's transition and persists it (lib/connections/transitions.ts); the machine itself is
// pure and lives in its provider's folder.
import { justworksLifecycle } from "@/lib/providers/justworks/store";
import type { ScopeResult } from "@/lib/db/schema";

export type LifecycleStatus = "pending" | "active" | "needs_attention";

/** What one accepted event does: the new provider state and what lib/connections writes for it. */
export type LifecycleTransition = {
  providerState: Record<string, unknown>;
  status: LifecycleStatus;
  /** Per-scope results, when the event verified something. */
  scopeResults?: Record<string, ScopeResult>;
  event: { type: string; payload: Record<string, unknown> };
  audit: { action: string; details: Record<string, unknown> };
  /** For the caller's answer: the state's name and the missing permissions' names. */
  stateName: string;
  missing: string[];
};

/** What the wizard's last step (e.g. "I have sent the invitation") starts: the first state. */
export type LifecycleStart = {
  providerState: Record<string, unknown>;
  status: LifecycleStatus;
  stateName: string;
  /** The event's provider-specific fields (lib/connections adds the connection, end user and status). */
  event: { type: string; payload: Record<string, unknown> };
  audit: { action: string; details: Record<string, unknown> };
};

export type ProviderLifecycle<E extends { type: string } = { type: string }> = {
  /** The state a new (or reconnected) connection starts in. */
  start: (input: { providerState?: Record<string, unknown>; serviceUser: { firstName: string; email: string }; now: Date }) => LifecycleStart;
  /** Whether `raw` (connections.provider_state) is a state of this machine. */
  hasState: (raw: unknown) => boolean;
  /** Apply `event`; throws an AppError (409) when the machine refuses it. */
  apply: (
    raw: unknown,
    event: E,
    context: { connectionId: string; endUserId: string; requiredScopes: readonly string[]; optionalScopes: readonly string[]; now: Date },
  ) => LifecycleTransition;
};

const lifecycles: Record<string, ProviderLifecycle> = { justworks: justworksLifecycle as unknown as ProviderLifecycle };

export function providerLifecycle(providerId: string): ProviderLifecycle | undefined {
  return Object.hasOwn(lifecycles, providerId) ? lifecycles[providerId] : undefined;
}
