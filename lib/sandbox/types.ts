// Shared shapes of the provider simulators. A simulator is a plain request handler, so the same
// code runs inside the app (/sandbox/<provider>/..., demo mode only) and as a standalone loopback
// server in tests and benchmarks (serve.ts).
import type { CheckOutcome, ProviderId, ScopeId } from "@/lib/providers/types";

/** `req.url`'s path is the provider's own path (e.g. /v2/persons), whatever prefix served it. */
export type SandboxHandler = (req: Request) => Promise<Response>;

export type SandboxOptions = {
  /** How long the "slower than the timeout" credential takes to answer. */
  slowMs?: number;
};

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
