// The one way to seal and open a value of any kind (lib/vault/kinds.ts) under the process's key
// provider. Callers store the Sealed parts in their row and pass the same context to open; a
// sealed column is also listed in lib/vault/registry.ts so that rewrap, the start-up key check
// and crypto-shredding reach it. Nothing here logs or throws a value.
import { openEnvelope, sealEnvelope, type Sealed } from "@/lib/vault/envelope";
import { isVaultError, VaultError } from "@/lib/vault/errors";
import type { SealedKind } from "@/lib/vault/kinds";
import { getKeyProvider, vaultLog } from "@/lib/vault/state";
import { metrics } from "@/lib/metrics/registry";

export type { Sealed };

export async function seal<C>(kind: SealedKind<C>, ctx: C, plaintext: Buffer): Promise<Sealed> {
  const provider = getKeyProvider();
  try {
    return await sealEnvelope(provider, kind, ctx, plaintext);
  } catch (e) {
    // The local key's wrap limit: our own message, which says what to do.
    if (isVaultError(e) && e.problem === "wrap_limit") {
      vaultLog().error({ kind: kind.name, keyProvider: provider.name, problem: e.problem }, "vault: the active key reached its wrap limit");
      throw e;
    }
    // A remote key provider's message could echo what it was sent: keep only its name.
    vaultLog().error({ kind: kind.name, keyProvider: provider.name, errorName: e instanceof Error ? e.name : typeof e }, "vault: key provider failed to seal");
    const what = kind.describe(ctx);
    throw new VaultError("key_provider", "unavailable", `The key provider "${provider.name}" could not seal ${what.charAt(0).toLowerCase()}${what.slice(1)}. Nothing was stored; try again later.`);
  }
}

/** Open a sealed value; a failure is logged with ids only and rethrown as a VaultError. */
export async function open<C>(kind: SealedKind<C>, ctx: C, sealed: Sealed, logIds: Record<string, unknown> = {}): Promise<Buffer> {
  try {
    const plaintext = await openEnvelope(getKeyProvider(), kind, ctx, sealed);
    metrics().vaultOpens.inc({ kind: kind.name, result: "ok" });
    return plaintext;
  } catch (e) {
    metrics().vaultOpens.inc({ kind: kind.name, result: "failed" });
    const problem = isVaultError(e) ? e.problem : "unexpected";
    vaultLog().error({ kind: kind.name, ...logIds, kekId: sealed.kekId, problem }, `vault: a ${kind.name.replace("_", " ")} did not open`);
    if (isVaultError(e)) throw e;
    throw new VaultError("integrity", "internal_error", `${kind.describe(ctx)} could not be opened.`);
  }
}
