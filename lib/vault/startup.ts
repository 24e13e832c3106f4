// Start-up: parse and validate the keyring (or create the demo one), then, given a database,
// refuse to start while any sealed column of the registry holds a value under a KEK id the
// keyring no longer has. The message names the column, the count and the key id, never key material.
import type { DbOrTx } from "@/lib/db";
import { ConfigError, type Env } from "@/lib/env";
import { plural } from "@/lib/vault/column";
import type { KeyProvider } from "@/lib/vault/key-provider";
import { KEYRING_VARIABLE } from "@/lib/vault/keyring";
import { sealedColumns } from "@/lib/vault/registry";
import { dbWrapCounter, deferredDbWrapCounter } from "@/lib/vault/wrap-counter";
import { keyProviderFromEnv, setKeyProvider, vaultLog } from "@/lib/vault/state";

export async function initVault(env: Env, db?: DbOrTx): Promise<KeyProvider> {
  // With a database, every wrap by a local key is counted there and refused past the limit.
  // On the embedded database the count is written after each seal, outside its transaction
  // (deferredDbWrapCounter says why).
  const counter = db ? (env.embedded ? deferredDbWrapCounter(() => db) : dbWrapCounter(() => db)) : undefined;
  const provider = keyProviderFromEnv(env, counter);
  if (db) {
    const known = new Set(provider.keyIds());
    const has = provider
      .keyIds()
      .map((k) => `"${k}"`)
      .join(", ");
    const problems: string[] = [];
    for (const column of sealedColumns) {
      for (const [id, n] of Object.entries(await column.countByKek(db))) {
        if (known.has(id)) continue;
        problems.push(
          `${KEYRING_VARIABLE}: ${plural(column, n)} ${n === 1 ? "is" : "are"} sealed under key id "${id}", which is not in the keyring ` +
            `(it has: ${has}). Put that key back after the active one, run \`npm run vault:rewrap\`, and only then remove it.`,
        );
      }
    }
    if (problems.length) throw new ConfigError(problems);
  }
  setKeyProvider(provider);
  vaultLog().info({ keyProvider: provider.name, activeKeyId: provider.activeKeyId(), keyIds: provider.keyIds() }, "vault ready");
  return provider;
}
