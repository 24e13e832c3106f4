// The process's key provider, set once at start-up (lib/boot.ts → initVault) and shared through
// globalThis: the launcher and the Next.js server bundle load separate copies of this module.
// Importable without "server-only" so that start-up and command-line scripts can use it.
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { DbOrTx } from "@/lib/db";
import { ConfigError, getEnv, type Env } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { LocalKeyProvider, type KeyProvider } from "@/lib/vault/key-provider";
import { ensureDemoKeyring, generateKeyringText, KEYRING_VARIABLE, parseKeyring } from "@/lib/vault/keyring";

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

/** The key provider from the configuration: the keyring, or in demo mode the generated one. Synchronous, no database. */
export function keyProviderFromEnv(env: Env): KeyProvider {
  if (env.LATCHKEY_MASTER_KEYS) return new LocalKeyProvider(parseKeyring(env.LATCHKEY_MASTER_KEYS));
  if (env.NODE_ENV === "test") {
    // Tests that do not bring their own keyring get a throw-away one, never a file in .data/.
    return new LocalKeyProvider(parseKeyring(generateKeyringText("test-ephemeral")));
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
  return new LocalKeyProvider(keyring);
}

export function getKeyProvider(): KeyProvider {
  const s = state();
  s.provider ??= keyProviderFromEnv(getEnv());
  return s.provider;
}

/** Credentials still sealed under each KEK id (shredded ones hold no key). */
export async function countByKek(db: DbOrTx): Promise<Record<string, number>> {
  const result = await db.execute<{ kek_id: string; n: string | number }>(
    sql`select kek_id, count(*) as n from credentials where shredded_at is null and kek_id is not null group by kek_id order by kek_id`,
  );
  return Object.fromEntries(result.rows.map((r) => [r.kek_id, Number(r.n)]));
}

/**
 * Start-up: parse and validate the keyring (or create the demo one), then, given a database,
 * refuse to start when stored credentials use a KEK id the keyring no longer has.
 */
export async function initVault(env: Env, db?: DbOrTx): Promise<KeyProvider> {
  const provider = keyProviderFromEnv(env);
  if (db) {
    const known = new Set(provider.keyIds());
    const missing = Object.entries(await countByKek(db)).filter(([id]) => !known.has(id));
    if (missing.length)
      throw new ConfigError(
        missing.map(
          ([id, n]) =>
            `${KEYRING_VARIABLE}: ${n} stored credential${n === 1 ? " is" : "s are"} sealed under key id "${id}", which is not in the keyring ` +
            `(it has: ${provider.keyIds().map((k) => `"${k}"`).join(", ")}). Put that key back after the active one, run \`npm run vault:rewrap\`, and only then remove it.`,
        ),
      );
  }
  setKeyProvider(provider);
  vaultLog().info({ keyProvider: provider.name, activeKeyId: provider.activeKeyId(), keyIds: provider.keyIds() }, "vault ready");
  return provider;
}
