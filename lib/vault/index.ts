// PLACEHOLDER: the vault helper replaces this with the real implementation (issue #3), keeping
// these exported names and signatures so that other parts can already call them.
import "server-only";
import type { Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";

/** A plaintext value that prints as [redacted] everywhere; `.reveal()` gives the value. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
}

export type SealInput = {
  workspaceId: string;
  connectionId: string;
  provider: string;
  /** The credential fields, plaintext. Only the vault keeps them. */
  values: Record<string, string>;
  /** The field whose last four characters become the display fingerprint. */
  fingerprintField?: string;
  actor: Actor;
};

/** Seal and store (insert, or replace with version + 1) the connection's credential. Use inside the save transaction. */
export async function sealCredential(_tx: DbOrTx, _input: SealInput): Promise<{ version: number; fingerprint: string | null }> {
  throw new Error("vault not implemented yet");
}

/** Open the connection's current credential. Writes an audit entry (who, which connection, why). */
export async function openCredential(
  _db: DbOrTx,
  _input: { workspaceId: string; connectionId: string; actor: Actor; reason: string },
): Promise<Record<string, Secret>> {
  throw new Error("vault not implemented yet");
}

/** Crypto-shredding: destroy the data key; the secret is gone for good. */
export async function shredCredential(_tx: DbOrTx, _input: { workspaceId: string; connectionId: string; actor: Actor }): Promise<void> {
  throw new Error("vault not implemented yet");
}
