// Case 7: the same plaintext sealed 10,000 times gives distinct IVs, data keys and ciphertexts; the
// local key's wrap counter goes up once per wrap and refuses past the cap.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeValues, sealEnvelope } from "@/lib/vault/envelope";
import { VaultError } from "@/lib/vault/errors";
import { LocalKeyProvider } from "@/lib/vault/key-provider";
import { parseKeyring } from "@/lib/vault/keyring";
import { credentialKind, type CredentialContext } from "@/lib/vault/kinds";
import { MemoryWrapCounter } from "@/lib/vault/wrap-counter";

const keyring = () => parseKeyring(`k1:${randomBytes(32).toString("base64")}`);
const ctx: CredentialContext = { workspaceId: "ws_1", connectionId: "conn_1", provider: "personio", version: 1 };
const plaintext = encodeValues({ clientSecret: "the-same-secret-every-time" });

describe("local key wrap counter", () => {
  it("case 07: 10,000 seals of one plaintext: all IVs, wrapped data keys and ciphertexts distinct; one count per wrap", async () => {
    const counter = new MemoryWrapCounter();
    const provider = new LocalKeyProvider(keyring(), { counter, limit: 10_000 });
    const ivs = new Set<string>();
    const keys = new Set<string>();
    const texts = new Set<string>();
    const wrapIvs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const s = await sealEnvelope(provider, credentialKind, ctx, plaintext);
      ivs.add(s.iv.toString("hex"));
      keys.add(s.wrappedKey.toString("hex"));
      wrapIvs.add(s.wrappedKey.subarray(0, 12).toString("hex"));
      texts.add(s.ciphertext.toString("hex"));
      if (i === 0 || i === 4_999) expect(counter.counts.get("k1")).toBe(i + 1);
    }
    expect([ivs.size, keys.size, wrapIvs.size, texts.size]).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(counter.counts.get("k1")).toBe(10_000);
    // The cap is reached: the next wrap is refused, with a message that says what to do and no key material.
    const err = await sealEnvelope(provider, credentialKind, ctx, plaintext).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).problem).toBe("wrap_limit");
    expect((err as VaultError).message).toMatch(/"k1" has wrapped 10000 data keys.*LATCHKEY_KEK_WRAP_LIMIT.*vault:rewrap/);
  });

  it("counts per key id, warns once at 90 %, and unwrapping is never counted", async () => {
    const counter = new MemoryWrapCounter();
    const warned: number[] = [];
    const ring = keyring();
    const provider = new LocalKeyProvider(ring, { counter, limit: 10, onNearLimit: (_id, n) => warned.push(n) });
    const aad = Buffer.from("aad");
    const wrapped = [];
    for (let i = 0; i < 10; i++) wrapped.push(await provider.wrap(randomBytes(32), aad));
    for (const w of wrapped) await provider.unwrap(w.kekId, w.wrapped, aad);
    expect(counter.counts).toEqual(new Map([["k1", 10]]));
    expect(warned).toEqual([9]);
    await expect(provider.wrap(randomBytes(32), aad)).rejects.toMatchObject({ problem: "wrap_limit" });
    // A new active key starts from zero; the old one still opens what it wrapped.
    const rotated = new LocalKeyProvider(parseKeyring(`k2:${randomBytes(32).toString("base64")}`), { counter, limit: 10 });
    expect((await rotated.wrap(randomBytes(32), aad)).kekId).toBe("k2");
    expect(counter.counts.get("k2")).toBe(1);
  });

  it("without a counter nothing is counted or capped", async () => {
    const provider = new LocalKeyProvider(keyring(), { limit: 1 });
    await provider.wrap(randomBytes(32), Buffer.from("a"));
    await provider.wrap(randomBytes(32), Buffer.from("a"));
  });
});
