// Key-encryption keys live behind a KeyProvider: the local keyring (below), HashiCorp Vault / OpenBao
// transit (lib/vault/transit.ts) or AWS KMS (lib/vault/aws-kms.ts), chosen by LATCHKEY_KEY_PROVIDER
// (lib/vault/state.ts). The vault only asks it to wrap and unwrap 32-byte data keys, and stores
// whatever opaque blob it returns together with the KEK id.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { integrityError, unknownKeyError, VaultError, wrapLimitError } from "@/lib/vault/errors";
import type { Keyring, KeyringEntry } from "@/lib/vault/keyring";
import { DEFAULT_WRAP_LIMIT, type WrapCounter } from "@/lib/vault/wrap-counter";

export interface KeyProvider {
  /** For messages and the audit trail, e.g. "local". */
  readonly name: string;
  /** The KEK new data keys are wrapped with. */
  activeKeyId(): string;
  /** Every KEK id that can unwrap (the active one included). */
  keyIds(): readonly string[];
  /** Wrap a data key under the active KEK; `aad` must be presented again to unwrap. */
  wrap(dataKey: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }>;
  /** Unwrap a data key wrapped under `kekId`. Throws a VaultError ("unknown_key" or "integrity"). */
  unwrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer>;
  /** The setting that names the keys, for messages (e.g. "LATCHKEY_MASTER_KEYS"). */
  readonly setting: string;
  /** Why a KEK id outside keyIds() cannot open, after "sealed under key id X, which …". */
  readonly missingKeyText: string;
  /** What the operator does about a value under such a key. */
  readonly restoreHint: string;
  /** What to do with KEK ids no value uses any more (`vault:rewrap` prints it after "… any more: "). */
  retireHint?(ids: readonly string[]): string;
  /** Remote providers: read the key's versions (start-up, and after a KEK id it did not know). Throws a VaultError. */
  refresh?(options?: { onlyIfStale?: boolean }): Promise<void>;
  /**
   * Remote providers: re-encrypt a wrapped data key under the active KEK inside the provider, so
   * that the data key never leaves it (transit's rewrap, KMS ReEncrypt). Without it, rewrap
   * unwraps and wraps again.
   */
  rewrap?(kekId: string, wrapped: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }>;
}

/** The local keyring's wording of a missing key (tests and the operators' runbook quote it). */
export const LOCAL_KEY_TEXTS = {
  setting: "LATCHKEY_MASTER_KEYS",
  missingKeyText: "is not in the keyring",
  restoreHint: "Put that key back after the active one, run `npm run vault:rewrap`, and only then remove it.",
} as const;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
/** The local provider's blob: IV ‖ encrypted data key ‖ tag. */
export const LOCAL_WRAPPED_BYTES = IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/** AES-256-GCM under a key from the keyring. The KEK id is bound into the associated data too. */
export class LocalKeyProvider implements KeyProvider {
  readonly name = "local";
  readonly setting = LOCAL_KEY_TEXTS.setting;
  readonly missingKeyText = LOCAL_KEY_TEXTS.missingKeyText;
  readonly restoreHint = LOCAL_KEY_TEXTS.restoreHint;
  readonly #byId: Map<string, KeyringEntry>;
  readonly #active: KeyringEntry;
  readonly #ids: readonly string[];
  readonly #counter?: WrapCounter;
  readonly #limit: number;
  /** Called once when the active key passes 90 % of its limit (start-up wires a log warning). */
  readonly #onNearLimit?: (kekId: string, wraps: number, limit: number) => void;

  /**
   * `counter`: every wrap is counted there and refused past `limit` (default 2^32); without one
   * (unit tests, benchmarks) nothing is counted.
   */
  constructor(
    keyring: Keyring,
    options: { counter?: WrapCounter; limit?: number; onNearLimit?: (kekId: string, wraps: number, limit: number) => void } = {},
  ) {
    if (!keyring.entries.length) throw new VaultError("invalid_input", "internal_error", "The keyring has no keys.");
    this.#byId = new Map(keyring.entries.map((e) => [e.id, e]));
    this.#active = keyring.entries[0]!;
    this.#ids = keyring.entries.map((e) => e.id);
    this.#counter = options.counter;
    this.#limit = options.limit ?? DEFAULT_WRAP_LIMIT;
    this.#onNearLimit = options.onNearLimit;
  }

  activeKeyId(): string {
    return this.#active.id;
  }

  retireHint(ids: readonly string[]): string {
    return `${ids.length === 1 ? "it" : "they"} can be removed from LATCHKEY_MASTER_KEYS.`;
  }

  keyIds(): readonly string[] {
    return this.#ids;
  }

  async wrap(dataKey: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    const kekId = this.#active.id;
    if (this.#counter) {
      // Counted before the key is used: a refused wrap never encrypted anything.
      const wraps = await this.#counter.increment(kekId);
      if (wraps > this.#limit) throw wrapLimitError(kekId, this.#limit);
      if (wraps === Math.floor(this.#limit * 0.9)) this.#onNearLimit?.(kekId, wraps, this.#limit);
    }
    return { kekId, wrapped: this.#wrapNow(dataKey, aad) };
  }

  async unwrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    return this.unwrapSync(kekId, wrapped, aad);
  }

  /** Private: every wrap goes through wrap(), which counts it. */
  #wrapNow(dataKey: Buffer, aad: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#active.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(withKekId(aad, this.#active.id));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  /** Synchronous form, for the local provider's hot path (see bench/vault.ts). */
  unwrapSync(kekId: string, wrapped: Buffer, aad: Buffer): Buffer {
    const entry = this.#byId.get(kekId);
    if (!entry) throw unknownKeyError(kekId, "This data key", this.#ids);
    if (wrapped.length !== LOCAL_WRAPPED_BYTES) throw integrityError("The wrapped data key", "wrong length");
    const iv = wrapped.subarray(0, IV_BYTES);
    const tag = wrapped.subarray(IV_BYTES + DATA_KEY_BYTES);
    try {
      // authTagLength: Node 20 otherwise accepts a truncated tag.
      const decipher = createDecipheriv("aes-256-gcm", entry.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(withKekId(aad, kekId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, IV_BYTES + DATA_KEY_BYTES)), decipher.final()]);
    } catch {
      throw integrityError("The wrapped data key", "key layer");
    }
  }
}

function withKekId(aad: Buffer, kekId: string): Buffer {
  return Buffer.concat([aad, Buffer.from(`\u0000kek:${kekId}`, "utf8")]);
}

/**
 * Moving from the local keyring to an external provider: new data keys are wrapped by `primary`;
 * values still under a local key open with the keyring (LATCHKEY_MASTER_KEYS kept for the move)
 * until `npm run vault:rewrap` has re-wrapped them under the primary's active key.
 */
export class MigratingKeyProvider implements KeyProvider {
  readonly name: string;
  readonly setting: string;
  readonly missingKeyText: string;
  readonly restoreHint: string;

  constructor(
    readonly primary: KeyProvider,
    readonly previous: LocalKeyProvider,
  ) {
    this.name = primary.name;
    this.setting = primary.setting;
    this.missingKeyText = `${primary.missingKeyText}, nor in LATCHKEY_MASTER_KEYS`;
    this.restoreHint = primary.restoreHint;
  }

  activeKeyId(): string {
    return this.primary.activeKeyId();
  }

  keyIds(): readonly string[] {
    return [...this.primary.keyIds(), ...this.previous.keyIds().filter((id) => !this.primary.keyIds().includes(id))];
  }

  retireHint(ids: readonly string[]): string {
    const local = ids.filter((id) => this.#isPrevious(id));
    const remote = ids.filter((id) => !this.#isPrevious(id));
    return [
      local.length === this.previous.keyIds().length ? "no value needs the local keyring: remove LATCHKEY_MASTER_KEYS." : local.length ? this.previous.retireHint(local) : "",
      remote.length ? (this.primary.retireHint?.(remote) ?? "") : "",
    ]
      .filter(Boolean)
      .join(" ");
  }

  wrap(dataKey: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    return this.primary.wrap(dataKey, aad);
  }

  unwrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    return this.#isPrevious(kekId) ? this.previous.unwrap(kekId, wrapped, aad) : this.primary.unwrap(kekId, wrapped, aad);
  }

  async refresh(options?: { onlyIfStale?: boolean }): Promise<void> {
    await this.primary.refresh?.(options);
  }

  async rewrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    if (!this.#isPrevious(kekId) && this.primary.rewrap) return this.primary.rewrap(kekId, wrapped, aad);
    const dataKey = await this.unwrap(kekId, wrapped, aad);
    try {
      return await this.primary.wrap(dataKey, aad);
    } finally {
      dataKey.fill(0);
    }
  }

  #isPrevious(kekId: string): boolean {
    return this.previous.keyIds().includes(kekId) && !this.primary.keyIds().includes(kekId);
  }
}
