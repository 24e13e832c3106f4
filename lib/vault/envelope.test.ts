import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeValues, encodeValues, openEnvelope, sealEnvelope, type Sealed } from "@/lib/vault/envelope";
import { credentialKind, type CredentialContext } from "@/lib/vault/kinds";
import { VaultError } from "@/lib/vault/errors";
import { LOCAL_KEY_TEXTS, LocalKeyProvider, type KeyProvider } from "@/lib/vault/key-provider";
import { parseKeyring } from "@/lib/vault/keyring";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const provider = new LocalKeyProvider(parseKeyring(`a:${keyA}`));
const ctx: CredentialContext = { workspaceId: "ws_1", connectionId: "conn_1", provider: "personio", version: 1 };
const values = { clientId: "papi-client-1234", clientSecret: "papi-secret-9f8e7d6c5b4a3210" };

async function seal(c = ctx, p: KeyProvider = provider) {
  return sealEnvelope(p, credentialKind, c, encodeValues(values));
}
async function openValues(sealed: Sealed, c = ctx, p: KeyProvider = provider) {
  const opened = decodeValues(await openEnvelope(p, credentialKind, c, sealed));
  return Object.fromEntries(Object.entries(opened).map(([k, v]) => [k, v.reveal()]));
}
function flipBit(buf: Buffer, byte: number, bit = 0): Buffer {
  const copy = Buffer.from(buf);
  copy[byte] = copy[byte]! ^ (1 << bit);
  return copy;
}
async function rejected(p: Promise<unknown>): Promise<VaultError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VaultError);
  return err as VaultError;
}

describe("envelope", () => {
  it("round-trips", async () => {
    const sealed = await seal();
    expect(sealed.kekId).toBe("a");
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.tag).toHaveLength(16);
    expect(await openValues(sealed)).toEqual(values);
    expect(sealed.ciphertext.toString("latin1")).not.toContain("papi-secret");
  });

  it("case 02, 03: rejects one flipped bit anywhere in ciphertext, IV, tag or wrapped key", async () => {
    const sealed = await seal();
    for (const field of ["ciphertext", "iv", "tag", "wrappedKey"] as const) {
      for (let byte = 0; byte < sealed[field].length; byte++) {
        for (const bit of [0, 7]) {
          const err = await rejected(openValues({ ...sealed, [field]: flipBit(sealed[field], byte, bit) }));
          expect(err.problem, `${field}[${byte}] bit ${bit}`).toBe("integrity");
        }
      }
    }
    // The untouched value still opens: the loop above rejected tampering, not everything.
    expect(await openValues(sealed)).toEqual(values);
  });

  it("case 04: rejects a tag truncated to 4 or 12 bytes, and a truncated wrapped key", async () => {
    const sealed = await seal();
    for (const n of [4, 12]) expect((await rejected(openValues({ ...sealed, tag: sealed.tag.subarray(0, n) }))).problem).toBe("integrity");
    expect((await rejected(openValues({ ...sealed, wrappedKey: sealed.wrappedKey.subarray(0, 56) }))).problem).toBe("integrity");
    expect((await rejected(openValues({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, -1) }))).problem).toBe("integrity");
  });

  it("case 05: rejects every change of context: workspace, connection, provider, version", async () => {
    const sealed = await seal();
    for (const other of [
      { ...ctx, workspaceId: "ws_2" },
      { ...ctx, connectionId: "conn_2" },
      { ...ctx, provider: "hrworks" },
      { ...ctx, version: 2 },
    ]) {
      expect((await rejected(openValues(sealed, other))).problem).toBe("integrity");
    }
  });

  it("case 06: binds both layers: a payload moved under another row's data key, or a key moved to another row, fails", async () => {
    const one = await seal();
    const two = await seal({ ...ctx, connectionId: "conn_2" });
    expect((await rejected(openValues({ ...one, wrappedKey: two.wrappedKey }))).problem).toBe("integrity");
    expect((await rejected(openValues({ ...two, wrappedKey: one.wrappedKey }, { ...ctx, connectionId: "conn_2" }))).problem).toBe("integrity");
    // The key layer alone checks the context too.
    await expect(provider.unwrap("a", one.wrappedKey, credentialKind.associatedData("data-key", { ...ctx, version: 2 }))).rejects.toThrow(VaultError);
    await expect(provider.unwrap("a", one.wrappedKey, credentialKind.associatedData("payload", ctx))).rejects.toThrow(VaultError);
  });

  it("reports a KEK id missing from the keyring clearly", async () => {
    const sealed = await seal();
    const onlyB = new LocalKeyProvider(parseKeyring(`b:${keyB}`));
    const err = await rejected(openValues(sealed, ctx, onlyB));
    expect(err.problem).toBe("unknown_key");
    expect(err.message).toContain('key-encryption key "a"');
    expect(err.message).toContain("conn_1");
    expect(err.message).not.toContain(keyA);
    expect(err.message).not.toContain(keyB);
  });

  it("case 08: opens under every key of the keyring and seals under the first", async () => {
    const underA = await seal();
    const rotated = new LocalKeyProvider(parseKeyring(`b:${keyB},a:${keyA}`));
    expect(await openValues(underA, ctx, rotated)).toEqual(values);
    const underB = await seal(ctx, rotated);
    expect(underB.kekId).toBe("b");
    expect((await rejected(openValues(underB, ctx, provider))).problem).toBe("unknown_key");
    // A blob relabelled with another key id does not open either.
    expect((await rejected(openValues({ ...underB, kekId: "a" }, ctx, rotated))).problem).toBe("integrity");
  });

  it("10,000 seals of the same plaintext: all IVs, data keys and ciphertexts distinct", async () => {
    const dataKeys = new Set<string>();
    const spy: KeyProvider = {
      name: "spy",
      ...LOCAL_KEY_TEXTS,
      activeKeyId: () => provider.activeKeyId(),
      keyIds: () => provider.keyIds(),
      wrap: (dk, aad) => {
        dataKeys.add(dk.toString("hex"));
        return provider.wrap(dk, aad);
      },
      unwrap: (id, w, aad) => provider.unwrap(id, w, aad),
    };
    const ivs = new Set<string>();
    const cts = new Set<string>();
    const wrapped = new Set<string>();
    const plaintext = encodeValues(values);
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const s = await sealEnvelope(spy, credentialKind, ctx, Buffer.from(plaintext));
      ivs.add(s.iv.toString("hex"));
      cts.add(s.ciphertext.toString("hex") + s.tag.toString("hex"));
      wrapped.add(s.wrappedKey.toString("hex"));
    }
    expect(ivs.size).toBe(n);
    expect(dataKeys.size).toBe(n);
    expect(cts.size).toBe(n);
    expect(wrapped.size).toBe(n);
  });
});
