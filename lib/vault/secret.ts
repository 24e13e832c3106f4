// A plaintext value that cannot leak by accident: printing, logging, JSON-encoding, inspecting or
// interpolating it gives "[redacted]". Only an explicit `.reveal()` hands out the value.
import { inspect } from "node:util";

export const REDACTED_SECRET = "[redacted]";

export class Secret {
  // A true private field: Object.keys, structuredClone and JSON.stringify cannot see it.
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED_SECRET;
  }
  toJSON(): string {
    return REDACTED_SECRET;
  }
  [Symbol.toPrimitive](): string {
    return REDACTED_SECRET;
  }
  [inspect.custom](): string {
    return REDACTED_SECRET;
  }
}

/** Reveal every value, for the one place that must hand plaintext on (e.g. a provider call). */
export function revealAll(values: Record<string, Secret>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.reveal()]));
}
