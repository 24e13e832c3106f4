// AWS KMS as the key provider (LATCHKEY_KEY_PROVIDER=aws-kms), through @aws-sdk/client-kms.
// Data keys are wrapped by Encrypt and opened by Decrypt with the vault's associated data of the
// data-key layer as the encryption context, so KMS refuses a wrapped key presented for another row
// (InvalidCiphertextException). `vault:rewrap` uses ReEncrypt: the data key never leaves KMS.
//
// KEK ids are the key ARNs (or key ids) of LATCHKEY_AWS_KMS_KEY_IDS: the first encrypts, every one
// decrypts. Rotating means putting a new key first, running `npm run vault:rewrap`, then removing
// (and disabling) the old one. KMS's own automatic rotation keeps the key's ARN and needs nothing
// from Latchkey (docs/vault-key-providers.md).
import type { KMSClient } from "@aws-sdk/client-kms";
import { integrityError, unknownKeyError, VaultError } from "@/lib/vault/errors";
import type { KeyProvider } from "@/lib/vault/key-provider";

const DATA_KEY_BYTES = 32;
/** The encryption context's one entry: the associated data, base64 (it may hold NUL separators). */
export const KMS_CONTEXT_KEY = "latchkey:aad";

export type AwsKmsOptions = {
  /** First: the active key; all: may decrypt. */
  keyIds: readonly string[];
  /** A client of our own making (tests pass one whose send is mocked). */
  client?: KMSClient;
  region?: string;
  endpoint?: string;
};

export function encryptionContextOf(aad: Buffer): Record<string, string> {
  return { [KMS_CONTEXT_KEY]: aad.toString("base64") };
}

export class AwsKmsKeyProvider implements KeyProvider {
  readonly name = "aws-kms";
  readonly setting = "LATCHKEY_AWS_KMS_KEY_IDS";
  readonly missingKeyText = "is not in LATCHKEY_AWS_KMS_KEY_IDS";
  readonly restoreHint = "Put that key back after the active one (enabled in KMS), run `npm run vault:rewrap`, and only then remove it.";
  readonly #ids: readonly string[];
  #client?: Promise<KMSClient>;
  readonly #options: AwsKmsOptions;

  constructor(options: AwsKmsOptions) {
    if (!options.keyIds.length) throw new VaultError("invalid_input", "internal_error", "LATCHKEY_AWS_KMS_KEY_IDS names no key.");
    this.#ids = [...options.keyIds];
    this.#options = options;
    if (options.client) this.#client = Promise.resolve(options.client);
  }

  activeKeyId(): string {
    return this.#ids[0]!;
  }

  keyIds(): readonly string[] {
    return this.#ids;
  }

  retireHint(ids: readonly string[]): string {
    return `${ids.length === 1 ? "it" : "they"} can be removed from LATCHKEY_AWS_KMS_KEY_IDS, then disabled in KMS.`;
  }

  async wrap(dataKey: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    const kekId = this.activeKeyId();
    const out = await this.#send(kekId, (c, kms) => c.send(new kms.EncryptCommand({ KeyId: kekId, Plaintext: dataKey, EncryptionContext: encryptionContextOf(aad) })));
    if (!out.CiphertextBlob?.length) throw new VaultError("key_provider", "unavailable", "AWS KMS answered Encrypt without a ciphertext.");
    return { kekId, wrapped: Buffer.from(out.CiphertextBlob) };
  }

  async unwrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    if (!this.#ids.includes(kekId)) throw unknownKeyError(kekId, "This data key", this.#ids, this);
    // KeyId is passed so that KMS refuses a blob of another key instead of trying it.
    const out = await this.#send(kekId, (c, kms) => c.send(new kms.DecryptCommand({ KeyId: kekId, CiphertextBlob: wrapped, EncryptionContext: encryptionContextOf(aad) })));
    const plaintext = Buffer.from(out.Plaintext ?? new Uint8Array());
    if (plaintext.length !== DATA_KEY_BYTES) {
      plaintext.fill(0);
      throw integrityError("The wrapped data key", "key layer");
    }
    return plaintext;
  }

  async rewrap(kekId: string, wrapped: Buffer, aad: Buffer): Promise<{ kekId: string; wrapped: Buffer }> {
    if (!this.#ids.includes(kekId)) throw unknownKeyError(kekId, "This data key", this.#ids, this);
    const active = this.activeKeyId();
    const context = encryptionContextOf(aad);
    const out = await this.#send(kekId, (c, kms) =>
      c.send(
        new kms.ReEncryptCommand({
          CiphertextBlob: wrapped,
          SourceKeyId: kekId,
          SourceEncryptionContext: context,
          DestinationKeyId: active,
          DestinationEncryptionContext: context,
        }),
      ),
    );
    if (!out.CiphertextBlob?.length) throw new VaultError("key_provider", "unavailable", "AWS KMS answered ReEncrypt without a ciphertext.");
    return { kekId: active, wrapped: Buffer.from(out.CiphertextBlob) };
  }

  /** Every call goes through here: a failure is restated by its exception's name. */
  async #send<O>(kekId: string, call: (client: KMSClient, kms: typeof import("@aws-sdk/client-kms")) => Promise<O>): Promise<O> {
    // The SDK is loaded on first use: an app with another key provider never loads it.
    const kms = await import("@aws-sdk/client-kms");
    // Credentials: the SDK's default chain (environment, shared config, instance or task role).
    this.#client ??= Promise.resolve(new kms.KMSClient({ region: this.#options.region, endpoint: this.#options.endpoint, maxAttempts: 3 }));
    const client = await this.#client;
    try {
      return await call(client, kms);
    } catch (e) {
      throw this.#failure(e, kekId);
    }
  }

  /** By the exception's name only: KMS messages can quote key ARNs, never values, but we keep none of them. */
  #failure(e: unknown, kekId: string): VaultError {
    const name = e instanceof Error ? e.name : "";
    if (name === "InvalidCiphertextException" || name === "IncorrectKeyException") return integrityError("The wrapped data key", "key layer");
    if (name === "NotFoundException" || name === "DisabledException" || name === "KMSInvalidStateException")
      return new VaultError("unknown_key", "unavailable", `AWS KMS key "${kekId}" cannot be used (${name}): it was disabled, scheduled for deletion or deleted.`);
    return new VaultError("key_provider", "unavailable", `AWS KMS could not be used (${name || "error"}). Try again later.`);
  }
}
