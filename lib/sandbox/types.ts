// Shared shapes of the provider simulators. A simulator is a plain request handler, so the same
// code runs inside the app (/sandbox/<provider>/..., demo mode only) and as a standalone loopback
// server in tests and benchmarks (serve.ts).
import type { CheckOutcome, ProviderId, ScopeId } from "@/lib/providers/types";

/** `req.url`'s path is the provider's own path (e.g. /v2/persons), whatever prefix served it. */
export type SandboxHandler = (req: Request) => Promise<Response>;

export type SandboxOptions = {
  /** How long the "slower than the timeout" credential takes to answer. */
  slowMs?: number;
  /** How long the areas of a "slow but within the timeout" credential take to answer. */
  lagMs?: number;
  /** Overrides a provider's fixed page size (tests of paging with little data). */
  pageSize?: number;
};

/**
 * The address a simulator is reached at from outside (e.g. http://localhost:3000/sandbox/hrworks),
 * set by the app route, so that absolute links (HR WORKS' Link header) point back through it.
 */
export const SANDBOX_BASE_HEADER = "x-latchkey-sandbox-base";

/** A documented sandbox credential and what a check with it must report. */
export type SandboxCredential = {
  provider: ProviderId;
  /** Short name, e.g. "All permissions". */
  label: string;
  /** What it simulates, in English, for the demo page and the README. */
  description: string;
  /** Form values, keyed by the provider's field names. */
  values: Record<string, string>;
  /** The scopes the expectation holds for (the tests and the demo check these). */
  scopes: { required: ScopeId[]; optional: ScopeId[] };
  expect: {
    outcome: CheckOutcome;
    /** Scopes reported `missing`. */
    missing?: ScopeId[];
    missingAttributes?: string[];
  };
};
