// HashiCorp Vault / OpenBao transit as the key provider (LATCHKEY_KEY_PROVIDER=vault-transit).
// Data keys are wrapped by transit's `encrypt` and opened by `decrypt`; `vault:rewrap` uses transit's
// own `rewrap`, so a data key never leaves the vault during a rotation. The vault's associated data
// of the data-key layer is sent as transit's key-derivation `context`: the transit key must be
// created with `derived=true`, and a wrapped key presented with another context does not open.
// Why `context` rather than `associated_data`: transit's rewrap endpoint accepts `context` but not
// `associated_data` (docs/vault-key-providers.md, with the API facts and their sources).
//
// KEK ids are "<key name>:v<version>": a transit rotation makes a new version the active KEK, and
// `min_decryption_version` takes the older ones out of keyIds(), so the start-up key check refuses
// to start while values under them remain. Plain fetch: the API is four JSON endpoints, and the
// Vault client libraries for Node wrap the same calls without types for transit.
import { integrityError, unknownKeyError, VaultError } from "@/lib/vault/errors";
import type { KeyProvider } from "@/lib/vault/key-provider";

export type TransitOptions = {
  /** e.g. https://vault.example.com:8200 */
  address: string;
  token: string;
  /** Where the transit engine is mounted (default "transit"). */
  mount?: string;
  /** The transit key's name (default "latchkey"). */
  key?: string;
  /** Vault Enterprise / OpenBao namespace, sent as X-Vault-Namespace. */
  namespace?: string;
  timeoutMs?: number;
  /** After an unknown KEK id, read the key again at most this often (ms). */
  refreshEveryMs?: number;
};

const DATA_KEY_BYTES = 32;
const KEK_ID = /^(.+):v([1-9]\d{0,8})$/;
const CIPHERTEXT_VERSION = /^vault:v([1-9]\d{0,8}):/;

/** A transit answer that was not a success: its status and, for matching only, its error texts (never put in a message). */
class TransitHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(`transit answered HTTP ${status}`);
  }
}

export class TransitKeyProvider implements KeyProvider {
  readonly name = "vault-transit";
  readonly setting: string;
  readonly missingKeyText: string;
  readonly restoreHint: string;
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #key: string;
  readonly #timeoutMs: number;
  readonly #refreshEveryMs: number;
  #latest = 0;
  #minDecryption = 1;
  #lastRefresh = 0;

  constructor(options: TransitOptions) {
    const mount = (options.mount ?? "transit").replace(/^\/+|\/+$/g, "");
    this.#key = options.key ?? "latchkey";
    this.#base = `${options.address.replace(/\/+$/, "")}/v1/${mount}`;
    this.#headers = { "content-type": "application/json", "x-vault-token": options.token, ...(options.namespace ? { "x-vault-namespace": options.namespace } : {}) };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#refreshEveryMs = options.refreshEveryMs ?? 5_000;
    this.setting = `LATCHKEY_VAULT_TRANSIT_KEY ("${this.#key}" at ${mount}/)`;
    this.missingKeyText = "the transit key no longer decrypts (below its min_decryption_version, or not a version of this key)";
    this.restoreHint = `Lower min_decryption_version of transit key "${this.#key}" to include that version, run \`npm run vault:rewrap\`, and only then raise it again.`;
  }

  kekIdOf(version: number): string {
    return `${this.#key}:v${version}`;
  }

  activeKeyId(): string {
    if (!this.#latest) throw new VaultError("key_provider", "unavailable", `The transit key "${this.#key}" has not been read yet (start-up reads it).`);
    return this.kekIdOf(this.#latest);
  }

  keyIds(): readonly string[] {
    const ids: string[] = [];
    for (let v = this.#latest; v >= this.#minDecryption && v >= 1; v--) ids.push(this.kekIdOf(v));
    return ids;
  }

  retireHint(): string {
    return `min_decryption_version of transit key "${this.#key}" can be raised to ${this.#latest}.`;
  }

  /** Reads the key: latest version, min_decryption_version, and that it is a derived key. */
  async refresh(options: { onlyIfStale?: boolean } = {}): Promise<void> {
    if (options.onlyIfStale && Date.now() - this.#lastRefresh < this.#refreshEveryMs) return;
    this.#lastRefresh = Date.now();
    const data = await this.#call("GET", `keys/${encodeURIComponent(this.#key)}`).catch((e: unknown) => {
      if (e instanceof TransitHttpError && e.status === 404) throw new VaultError("key_provider", "unavailable", `there is no transit key "${this.#key}" (create it with derived=true).`);
      throw e;
    });
    if (data.derived !== true)
      throw new VaultError("key_provider", "unavailable", `transit key "${this.#key}" must be created with derived=true: Latchkey binds each data key to its row through the derivation context.`);
    const latest = Number(data.latest_version);
    const min = Number(data.min_decryption_version ?? 1);
    if (!Number.isInteger(latest) || latest < 1) throw new VaultError("key_provider", "unavailable", `transit key "${this.#key}": the answer has no latest_version.`);
    this.#latest = latest;
    this.#minDecryption = Number.isInteger(min) && min >= 1 ? min : 1;
  }

  async wrap(dataKey: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    const data = await this.#call("POST", `encrypt/${encodeURIComponent(this.#key)}`, { plaintext: dataKey.toString("base64"), context: aad.toString("base64") });
    const ciphertext = String(data.ciphertext ?? "");
    const version = versionOf(ciphertext);
    if (!version) throw new VaultError("key_provider", "unavailable", "The transit answer to encrypt had no versioned ciphertext.");
    // The vault was rotated since we read it: the answer tells us the new active version.
    if (version > this.#latest) this.#latest = version;
    return { kekId: this.kekIdOf(version), wrapped: Buffer.from(ciphertext, "utf8") };
  }

  async unwrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    const ciphertext = this.#ciphertextFor(kekId, wrapped);
    const data = await this.#call("POST", `decrypt/${encodeURIComponent(this.#key)}`, { ciphertext, context: aad.toString("base64") }).catch((e: unknown) => {
      throw this.#failure(e, kekId);
    });
    const plaintext = Buffer.from(String(data.plaintext ?? ""), "base64");
    if (plaintext.length !== DATA_KEY_BYTES) {
      plaintext.fill(0);
      throw integrityError("The wrapped data key", "key layer");
    }
    return plaintext;
  }

  async rewrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    const ciphertext = this.#ciphertextFor(kekId, wrapped);
    const data = await this.#call("POST", `rewrap/${encodeURIComponent(this.#key)}`, { ciphertext, context: aad.toString("base64") }).catch((e: unknown) => {
      throw this.#failure(e, kekId);
    });
    const next = String(data.ciphertext ?? "");
    const version = versionOf(next);
    if (!version) throw new VaultError("key_provider", "unavailable", "The transit answer to rewrap had no versioned ciphertext.");
    if (version > this.#latest) this.#latest = version;
    return { kekId: this.kekIdOf(version), wrapped: Buffer.from(next, "utf8") };
  }

  /** The stored ciphertext, checked against the KEK id stored beside it (a swapped kek_id is an integrity failure). */
  #ciphertextFor(kekId: string, wrapped: Buffer): string {
    const m = KEK_ID.exec(kekId);
    if (!m || m[1] !== this.#key) throw unknownKeyError(kekId, "This data key", this.keyIds(), this);
    const ciphertext = wrapped.toString("utf8");
    if (versionOf(ciphertext) !== Number(m[2])) throw integrityError("The wrapped data key", "key version");
    return ciphertext;
  }

  #failure(e: unknown, kekId: string): unknown {
    if (!(e instanceof TransitHttpError) || e.status !== 400) return e;
    const text = e.errors.join(" ").toLowerCase();
    if (/too old|disallowed by policy|version.*(not found|does not exist)|invalid key version/.test(text)) {
      // min_decryption_version was raised meanwhile: read the key again so keyIds() tells the truth.
      void this.refresh({ onlyIfStale: true }).catch(() => {});
      return unknownKeyError(kekId, "This data key", this.keyIds(), this);
    }
    return integrityError("The wrapped data key", "key layer");
  }

  async #call(method: "GET" | "POST", path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(`${this.#base}/${path}`, {
        method,
        headers: this.#headers,
        body: body ? JSON.stringify(body) : undefined,
        redirect: "error",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      // The cause (an address, a timeout) is ours to name; no request body is ever quoted.
      throw new VaultError("key_provider", "unavailable", `the transit engine could not be reached (${e instanceof Error ? e.name : "network error"}).`);
    }
    const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown>; errors?: unknown };
    if (!res.ok) {
      const errors = Array.isArray(json.errors) ? json.errors.map(String) : [];
      if (res.status === 403) throw new VaultError("key_provider", "unavailable", `the transit engine refused the token for "${path.split("/")[0]}" (HTTP 403): check its policy.`);
      if (res.status === 400) throw new TransitHttpError(res.status, errors);
      if (res.status === 404) throw new TransitHttpError(res.status, errors);
      throw new VaultError("key_provider", "unavailable", `the transit engine answered HTTP ${res.status}.`);
    }
    return json.data ?? {};
  }
}

function versionOf(ciphertext: string): number | null {
  const m = CIPHERTEXT_VERSION.exec(ciphertext);
  return m ? Number(m[1]) : null;
}
