// Start-up: build the key provider (parse and validate the keyring or create the demo one; for
// transit or KMS, read the key), then, given a database, refuse to start while any sealed column of
// the registry holds a value under a KEK id the provider can no longer open. The message names the column, the count and the key id, never key material.
import type { DbOrTx } from "@/lib/db";
import { ConfigError, type Env } from "@/lib/env";
import { plural } from "@/lib/vault/column";
import type { KeyProvider } from "@/lib/vault/key-provider";
import { sealedColumns } from "@/lib/vault/registry";
import { dbWrapCounter, deferredDbWrapCounter } from "@/lib/vault/wrap-counter";
import { keyProviderFromEnv, setKeyProvider, vaultLog } from "@/lib/vault/state";

export async function initVault(env: Env, db?: DbOrTx): Promise<KeyProvider> {
  // With a database, every wrap by a local key is counted there and refused past the limit.
  // On the embedded database the count is written after each seal, outside its transaction
  // (deferredDbWrapCounter says why).
  const counter = db ? (env.embedded ? deferredDbWrapCounter(() => db) : dbWrapCounter(() => db)) : undefined;
  const provider = keyProviderFromEnv(env, counter);
  // A remote provider reads its key's versions now: a wrong address, token or key stops the start.
  if (provider.refresh) {
    try {
      await provider.refresh();
    } catch (e) {
      throw new ConfigError([`${provider.setting}: ${e instanceof Error ? e.message : "the key provider could not be reached"}`]);
    }
  }
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
          `${provider.setting}: ${plural(column, n)} ${n === 1 ? "is" : "are"} sealed under key id "${id}", which ${provider.missingKeyText} ` +
            `(it has: ${has}). ${provider.restoreHint}`,
        );
      }
    }
    if (problems.length) throw new ConfigError(problems);
  }
  setKeyProvider(provider);
  vaultLog().info({ keyProvider: provider.name, activeKeyId: provider.activeKeyId(), keyIds: provider.keyIds() }, "vault ready");
  return provider;
}
