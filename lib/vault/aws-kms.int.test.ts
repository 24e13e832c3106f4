// AWS KMS as the key provider, tested by contract with aws-sdk-client-mock: the real
// @aws-sdk/client-kms client and commands, with `send` answered by a small in-memory KMS that keeps
// the documented contract (the encryption context must match on Decrypt and ReEncrypt, a disabled
// key raises DisabledException, a blob of another key IncorrectKeyException). Seal under key 1,
// rotate to key 2, rewrap (ReEncrypt: the data key never leaves KMS), disable key 1, everything
// still opens; a wrong context is refused; the start-up key check covers the configured keys.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  DecryptCommand,
  DisabledException,
  EncryptCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  NotFoundException,
  ReEncryptCommand,
} from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { credentials } from "@/lib/db/schema";
import { ConfigError, loadEnv } from "@/lib/env";
import { AwsKmsKeyProvider, encryptionContextOf, KMS_CONTEXT_KEY } from "@/lib/vault/aws-kms";
import { contextOf, openCredential, sealCredential } from "@/lib/vault/credentials";
import { VaultError } from "@/lib/vault/errors";
import { credentialKind } from "@/lib/vault/kinds";
import { countByKek } from "@/lib/vault/registry";
import { rewrapAll } from "@/lib/vault/rewrap";
import { initVault } from "@/lib/vault/startup";
import { setKeyProvider } from "@/lib/vault/state";
import { createConnections, createWorkspace } from "@/lib/vault/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/db";

const ARN = (n: number) => `arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-12345678900${n}`;
const meta = { $metadata: {} };

/** KMS's documented behaviour for the three calls, in memory. Blobs: key-id length, key id, IV, ciphertext, tag. */
function fakeKms() {
  const keys = new Map<string, { material: Buffer; enabled: boolean }>();
  const canonical = (ctx: Record<string, string> | undefined) => Buffer.from(JSON.stringify(Object.entries(ctx ?? {}).sort(([a], [b]) => a.localeCompare(b))), "utf8");
  const usable = (keyId: string) => {
    const k = keys.get(keyId);
    if (!k) throw new NotFoundException({ message: `Key '${keyId}' does not exist`, ...meta });
    if (!k.enabled) throw new DisabledException({ message: `${keyId} is disabled.`, ...meta });
    return k;
  };
  const encrypt = (keyId: string, plaintext: Uint8Array, ctx?: Record<string, string>) => {
    const k = usable(keyId);
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", k.material, iv);
    c.setAAD(canonical(ctx));
    const id = Buffer.from(keyId, "utf8");
    return new Uint8Array(Buffer.concat([Buffer.from([id.length]), id, iv, c.update(plaintext), c.final(), c.getAuthTag()]));
  };
  const decrypt = (blob: Uint8Array, ctx: Record<string, string> | undefined, expectKeyId?: string) => {
    const b = Buffer.from(blob);
    const keyId = b.subarray(1, 1 + b[0]!).toString("utf8");
    if (!keys.has(keyId)) throw new InvalidCiphertextException({ message: "", ...meta });
    if (expectKeyId && expectKeyId !== keyId) throw new IncorrectKeyException({ message: "The key ID in the request does not identify the key that encrypted the ciphertext.", ...meta });
    const k = usable(keyId);
    const rest = b.subarray(1 + b[0]!);
    try {
      const d = createDecipheriv("aes-256-gcm", k.material, rest.subarray(0, 12));
      d.setAAD(canonical(ctx));
      d.setAuthTag(rest.subarray(rest.length - 16));
      return { keyId, plaintext: Buffer.concat([d.update(rest.subarray(12, rest.length - 16)), d.final()]) };
    } catch {
      throw new InvalidCiphertextException({ message: "", ...meta });
    }
  };
  const mock = mockClient(KMSClient);
  mock.on(EncryptCommand).callsFake((i: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) => ({
    KeyId: i.KeyId,
    CiphertextBlob: encrypt(i.KeyId, i.Plaintext, i.EncryptionContext),
    EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
  }));
  mock.on(DecryptCommand).callsFake((i: { KeyId?: string; CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
    const { keyId, plaintext } = decrypt(i.CiphertextBlob, i.EncryptionContext, i.KeyId);
    return { KeyId: keyId, Plaintext: new Uint8Array(plaintext), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
  });
  mock.on(ReEncryptCommand).callsFake(
    (i: { CiphertextBlob: Uint8Array; SourceKeyId?: string; SourceEncryptionContext?: Record<string, string>; DestinationKeyId: string; DestinationEncryptionContext?: Record<string, string> }) => {
      const { keyId, plaintext } = decrypt(i.CiphertextBlob, i.SourceEncryptionContext, i.SourceKeyId);
      try {
        return { SourceKeyId: keyId, KeyId: i.DestinationKeyId, CiphertextBlob: encrypt(i.DestinationKeyId, plaintext, i.DestinationEncryptionContext) };
      } finally {
        plaintext.fill(0);
      }
    },
  );
  return {
    mock,
    createKey: (id: string) => keys.set(id, { material: randomBytes(32), enabled: true }),
    disableKey: (id: string) => (keys.get(id)!.enabled = false),
  };
}

const actor: Actor = { type: "system", id: "kms-test" };
const N = 10;
let t: TestDatabase;
let kms: ReturnType<typeof fakeKms>;
let ws: string;
let conns: string[];
const expected = new Map<string, string>();
const kmsEnv = (ids: string[]) => loadEnv({ DATABASE_URL: t.url, LATCHKEY_DEMO: "true", NODE_ENV: "test", LATCHKEY_KEY_PROVIDER: "aws-kms", LATCHKEY_AWS_KMS_KEY_IDS: ids.join(","), LATCHKEY_AWS_REGION: "eu-central-1" });
const seal = async (connectionId: string, secret: string) => {
  await sealCredential(t.db, { workspaceId: ws, connectionId, provider: "personio", values: { clientId: `id-${connectionId}`, clientSecret: secret }, actor });
  expected.set(connectionId, secret);
};
const openSecret = async (connectionId: string) => (await openCredential(t.db, { workspaceId: ws, connectionId, actor, reason: "kms test" })).clientSecret!.reveal();
const openedAll = async () => {
  let n = 0;
  for (const c of conns) if ((await openSecret(c)) === expected.get(c)) n++;
  return n;
};
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  kms = fakeKms();
  kms.createKey(ARN(1));
  kms.createKey(ARN(2));
  ws = await createWorkspace(t.db);
  conns = await createConnections(t.db, ws, N);
});
afterAll(async () => {
  setKeyProvider(undefined);
  kms?.mock.restore();
  await t?.drop();
});

describe("aws-kms key provider (contract with aws-sdk-client-mock)", () => {
  it("case 08: seals under key 1 with the row's encryption context, rotates to key 2, rewraps with ReEncrypt, disables key 1: everything still opens", async () => {
    const provider = await initVault(kmsEnv([ARN(1)]), t.db);
    expect(provider.name).toBe("aws-kms");
    for (const [i, c] of conns.entries()) await seal(c, `kms-secret-${i}-${"k".repeat(20)}`);
    expect(await countByKek(t.db)).toEqual({ [ARN(1)]: N });

    const encrypts = kms.mock.commandCalls(EncryptCommand);
    expect(encrypts).toHaveLength(N);
    const [row] = await t.db.select().from(credentials).where(eq(credentials.connectionId, conns[0]!));
    const aad = credentialKind.associatedData("data-key", contextOf(row!));
    expect(encrypts.map((c) => c.args[0].input.EncryptionContext)).toContainEqual({ [KMS_CONTEXT_KEY]: aad.toString("base64") });
    for (const c of encrypts) {
      expect(c.args[0].input.KeyId).toBe(ARN(1));
      expect(c.args[0].input.Plaintext).toHaveLength(32);
    }
    expect(await openedAll()).toBe(N);
    for (const c of kms.mock.commandCalls(DecryptCommand)) expect(c.args[0].input).toMatchObject({ KeyId: ARN(1), EncryptionContext: { [KMS_CONTEXT_KEY]: expect.any(String) } });

    // Rotate: key 2 first, key 1 kept to decrypt until the rewrap is done.
    kms.mock.resetHistory();
    const rotated = await initVault(kmsEnv([ARN(2), ARN(1)]), t.db);
    const summary = await rewrapAll(t.db, rotated, { batchSize: 4 });
    expect(summary.failures).toEqual([]);
    expect(summary.rewrapped).toBe(N);
    expect(summary.after).toEqual({ [ARN(2)]: N });
    const reencrypts = kms.mock.commandCalls(ReEncryptCommand);
    expect(reencrypts).toHaveLength(N);
    for (const c of reencrypts) {
      const i = c.args[0].input;
      expect(i).toMatchObject({ SourceKeyId: ARN(1), DestinationKeyId: ARN(2) });
      expect(i.DestinationEncryptionContext).toEqual(i.SourceEncryptionContext);
    }
    // The data keys never came out of KMS during the rotation.
    expect(kms.mock.commandCalls(DecryptCommand)).toHaveLength(0);

    // Key 1 disabled in KMS and removed from the setting: everything opens under key 2.
    kms.disableKey(ARN(1));
    await initVault(kmsEnv([ARN(2)]), t.db);
    expect(await openedAll()).toBe(N);
  });

  it("case 06, 11: refuses a wrapped key presented with another row's encryption context", async () => {
    const provider = new AwsKmsKeyProvider({ keyIds: [ARN(2)], client: new KMSClient({ region: "eu-central-1" }) });
    setKeyProvider(provider);
    const [a, b] = await t.db.select().from(credentials).where(inArray(credentials.connectionId, conns.slice(0, 2)));
    const direct = await failure(provider.unwrap(a!.kekId!, a!.wrappedKey!, credentialKind.associatedData("data-key", contextOf(b!))));
    expect((direct as VaultError).problem).toBe("integrity");
    expect(kms.mock.commandCalls(DecryptCommand).at(-1)!.args[0].input.EncryptionContext).toEqual(encryptionContextOf(credentialKind.associatedData("data-key", contextOf(b!))));
    await t.db.update(credentials).set({ kekId: a!.kekId, wrappedKey: a!.wrappedKey, iv: a!.iv, tag: a!.tag, ciphertext: a!.ciphertext }).where(eq(credentials.id, b!.id));
    const copied = await failure(openSecret(b!.connectionId));
    expect((copied as VaultError).problem).toBe("integrity");
    await seal(b!.connectionId, "restored-kms-secret-bbbbbbbbbbbb");
  });

  it("the start-up key check refuses values under a key no longer configured, naming the setting", async () => {
    kms.createKey(ARN(3));
    const err = await failure(initVault(kmsEnv([ARN(3)]), t.db));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`LATCHKEY_AWS_KMS_KEY_IDS: ${N} stored credentials are sealed under key id "${ARN(2)}", which is not in LATCHKEY_AWS_KMS_KEY_IDS`);
    // A value under a disabled key says so without quoting anything from KMS.
    kms.disableKey(ARN(2));
    setKeyProvider(new AwsKmsKeyProvider({ keyIds: [ARN(3), ARN(2)], client: new KMSClient({ region: "eu-central-1" }) }));
    const disabled = await failure(openSecret(conns[2]!));
    expect((disabled as VaultError).problem).toBe("unknown_key");
    expect(() => loadEnv({ NODE_ENV: "test", LATCHKEY_KEY_PROVIDER: "aws-kms", LATCHKEY_AWS_KMS_KEY_IDS: "alias/latchkey" })).toThrow(/not by alias/);
    expect(() => loadEnv({ NODE_ENV: "test", LATCHKEY_KEY_PROVIDER: "aws-kms" })).toThrow(/LATCHKEY_AWS_KMS_KEY_IDS: required/);
  });
});
