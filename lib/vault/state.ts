// The process's key provider, set once at start-up (lib/boot.ts → initVault, lib/vault/startup.ts) and shared through
// globalThis: the launcher and the Next.js server bundle load separate copies of this module.
// Importable without "server-only" so that start-up and command-line scripts can use it.
import type { Logger } from "pino";
import { ConfigError, getEnv, type Env } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { AwsKmsKeyProvider } from "@/lib/vault/aws-kms";
import { LocalKeyProvider, MigratingKeyProvider, type KeyProvider } from "@/lib/vault/key-provider";
import { ensureDemoKeyring, generateKeyringText, KEYRING_VARIABLE, parseKeyring, type Keyring } from "@/lib/vault/keyring";
import { TransitKeyProvider } from "@/lib/vault/transit";
import type { WrapCounter } from "@/lib/vault/wrap-counter";

type VaultState = { provider?: KeyProvider; logger?: Logger; demoWarned?: boolean };
const store = globalThis as unknown as { __latchkeyVault?: VaultState };
const state = (): VaultState => (store.__latchkeyVault ??= {});

/** The vault's logger (tests install a capturing one with setVaultLogger). */
export function vaultLog(): Logger {
  return state().logger ?? getLogger();
}

export function setVaultLogger(logger: Logger | undefined): void {
  state().logger = logger;
}

/** Plug in a key provider (a KMS, or a test keyring). `undefined` goes back to the configuration. */
export function setKeyProvider(provider: KeyProvider | undefined): void {
  state().provider = provider;
}

/**
 * The key provider from the configuration (LATCHKEY_KEY_PROVIDER): transit or KMS (with the
 * keyring, when LATCHKEY_MASTER_KEYS is still set, opening what was sealed before the move), or the
 * keyring, or in demo mode the generated one. Synchronous: a remote provider reads its key in
 * initVault (lib/vault/startup.ts). `counter`: where wraps are counted (start-up passes the database's,
 * lib/vault/wrap-counter.ts); the limit is LATCHKEY_KEK_WRAP_LIMIT.
 */
export function keyProviderFromEnv(env: Env, counter?: WrapCounter): KeyProvider {
  const local = (keyring: Keyring) =>
    new LocalKeyProvider(keyring, {
      counter,
      limit: env.LATCHKEY_KEK_WRAP_LIMIT,
      onNearLimit: (kekId, wraps, limit) =>
        vaultLog().warn({ kekId, wraps, limit }, `vault: key "${kekId}" has used 90 % of its wrap limit; put a new key first in ${KEYRING_VARIABLE} and run \`npm run vault:rewrap\``),
    });
  const external = externalProvider(env);
  if (external) return env.LATCHKEY_MASTER_KEYS ? new MigratingKeyProvider(external, local(parseKeyring(env.LATCHKEY_MASTER_KEYS))) : external;
  if (env.LATCHKEY_MASTER_KEYS) return local(parseKeyring(env.LATCHKEY_MASTER_KEYS));
  if (env.NODE_ENV === "test") {
    // Tests that do not bring their own keyring get a throw-away one, never a file in .data/.
    return local(parseKeyring(generateKeyringText("test-ephemeral")));
  }
  if (!env.demo) throw new ConfigError([`${KEYRING_VARIABLE}: required outside demo mode (id:base64key[,id:base64key…], 32-byte keys)`]);
  const { keyring, file, created } = ensureDemoKeyring(env.dataDir);
  const s = state();
  if (!s.demoWarned) {
    s.demoWarned = true;
    vaultLog().warn(
      { file, created },
      `DEMO MASTER KEY IN USE: credentials are sealed with a key generated into ${file}. It is for local use only: ` +
        `anyone who can read that file can open every stored credential. Set ${KEYRING_VARIABLE} for real data.`,
    );
  }
  return local(keyring);
}

function externalProvider(env: Env): KeyProvider | undefined {
  if (env.LATCHKEY_KEY_PROVIDER === "vault-transit")
    return new TransitKeyProvider({
      address: env.LATCHKEY_VAULT_ADDR!,
      token: env.LATCHKEY_VAULT_TOKEN!,
      namespace: env.LATCHKEY_VAULT_NAMESPACE,
      mount: env.LATCHKEY_VAULT_TRANSIT_MOUNT,
      key: env.LATCHKEY_VAULT_TRANSIT_KEY,
    });
  if (env.LATCHKEY_KEY_PROVIDER === "aws-kms")
    return new AwsKmsKeyProvider({ keyIds: env.LATCHKEY_AWS_KMS_KEY_IDS!, region: env.LATCHKEY_AWS_REGION, endpoint: env.LATCHKEY_AWS_KMS_ENDPOINT });
  return undefined;
}

export function getKeyProvider(): KeyProvider {
  const s = state();
  s.provider ??= keyProviderFromEnv(getEnv());
  return s.provider;
}
