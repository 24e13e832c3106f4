// Envelope encryption of one sealed value of any kind (lib/vault/kinds.ts): a fresh random data key
// per seal encrypts the payload with AES-256-GCM; the KeyProvider wraps the data key. Both layers
// carry the kind's associated data, built from the storing row's own columns, so sealed bytes
// copied to another row, workspace or version do not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { integrityError, isVaultError, unknownKeyError, VaultError } from "@/lib/vault/errors";
import type { KeyProvider } from "@/lib/vault/key-provider";
import type { SealedKind } from "@/lib/vault/kinds";
import { Secret } from "@/lib/vault/secret";

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;
export type Sealed = { kekId: string; wrappedKey: Buffer; iv: Buffer; tag: Buffer; ciphertext: Buffer };

export function encodeValues(values: Record<string, string>): Buffer {
  const sorted = Object.keys(values)
    .sort()
    .map((k) => [k, values[k]] as const);
  return Buffer.from(JSON.stringify(Object.fromEntries(sorted)), "utf8");
}

export function decodeValues(plaintext: Buffer): Record<string, Secret> {
  const parsed = JSON.parse(plaintext.toString("utf8")) as Record<string, unknown>;
  const out: Record<string, Secret> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = new Secret(String(v));
  return out;
}

export async function sealEnvelope<C>(provider: KeyProvider, kind: SealedKind<C>, ctx: C, plaintext: Buffer): Promise<Sealed> {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(kind.associatedData("payload", ctx));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    const { kekId, wrapped } = await provider.wrap(dataKey, kind.associatedData("data-key", ctx));
    return { kekId, wrappedKey: wrapped, iv, tag, ciphertext };
  } finally {
    dataKey.fill(0);
  }
}

export async function openEnvelope<C>(provider: KeyProvider, kind: SealedKind<C>, ctx: C, sealed: Sealed): Promise<Buffer> {
  const where = kind.describe(ctx);
  await knownKey(provider, sealed.kekId, where);
  if (sealed.iv.length !== IV_BYTES) throw integrityError(where, "wrong IV length");
  if (sealed.tag.length !== TAG_BYTES) throw integrityError(where, "wrong tag length");
  const dataKey = await provider
    .unwrap(sealed.kekId, sealed.wrappedKey, kind.associatedData("data-key", ctx))
    .catch((e: unknown) => {
      throw unwrapFailure(e, provider, sealed.kekId, where);
    });
  try {
    // authTagLength: Node 20 otherwise accepts a truncated tag.
    const decipher = createDecipheriv("aes-256-gcm", dataKey, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(kind.associatedData("payload", ctx));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw integrityError(where, "payload");
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wrap a data key under the provider's active KEK; the payload is untouched. */
export async function rewrapDataKey<C>(
  provider: KeyProvider,
  kind: SealedKind<C>,
  ctx: C,
  kekId: string,
  wrappedKey: Buffer,
): Promise<{ kekId: string; wrappedKey: Buffer }> {
  const where = kind.describe(ctx);
  await knownKey(provider, kekId, where);
  const aad = kind.associatedData("data-key", ctx);
  if (provider.rewrap) {
    // Inside the provider (transit rewrap, KMS ReEncrypt): the data key never comes out.
    const next = await provider.rewrap(kekId, wrappedKey, aad).catch((e: unknown) => {
      throw unwrapFailure(e, provider, kekId, where);
    });
    return { kekId: next.kekId, wrappedKey: next.wrapped };
  }
  const dataKey = await provider.unwrap(kekId, wrappedKey, aad).catch((e: unknown) => {
    throw unwrapFailure(e, provider, kekId, where);
  });
  try {
    const next = await provider.wrap(dataKey, aad);
    return { kekId: next.kekId, wrappedKey: next.wrapped };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * A KEK id the provider does not list: a remote provider may have been rotated since it last read
 * its key (another instance already wraps under the new version), so it reads again once first.
 */
async function knownKey(provider: KeyProvider, kekId: string, where: string): Promise<void> {
  if (provider.keyIds().includes(kekId)) return;
  if (provider.refresh) await provider.refresh({ onlyIfStale: true }).catch(() => {});
  if (!provider.keyIds().includes(kekId)) throw unknownKeyError(kekId, where, provider.keyIds(), provider);
}

/** Restate a provider's failure with this value's ids; a remote provider's own message is dropped (it could echo its input). */
function unwrapFailure(e: unknown, provider: KeyProvider, kekId: string, where: string): VaultError {
  if (isVaultError(e) && e.problem === "unknown_key") return unknownKeyError(kekId, where, provider.keyIds(), provider);
  if (isVaultError(e) && e.problem === "integrity") return integrityError(where, "key layer");
  return new VaultError("key_provider", "unavailable", `The key provider "${provider.name}" could not unwrap the data key of ${where.charAt(0).toLowerCase()}${where.slice(1)}. Try again later.`);
}
