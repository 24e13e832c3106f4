// Vault errors. Their messages name ids (connection, credential, key id) and never a value: no
// plaintext, no key material, no ciphertext. They carry no `cause` for the same reason.
import { AppError, type ErrorCode } from "@/lib/errors";

export type VaultProblem =
  | "not_found"
  | "shredded"
  | "unknown_key"
  | "integrity"
  | "key_provider"
  | "store_failed"
  | "invalid_input"
  | "wrap_limit";

export class VaultError extends AppError {
  readonly problem: VaultProblem;
  /** The Postgres error code when a database write failed (e.g. 23505), for callers that branch on it. */
  readonly pgCode?: string;
  constructor(problem: VaultProblem, code: ErrorCode, message: string, options: { status?: number; pgCode?: string } = {}) {
    super(code, message, { status: options.status });
    this.name = "VaultError";
    this.problem = problem;
    this.pgCode = options.pgCode;
  }
}

export function isVaultError(e: unknown): e is VaultError {
  return e instanceof VaultError;
}

export const unknownKeyError = (
  kekId: string,
  where: string,
  known: readonly string[],
  provider: { setting: string; missingKeyText: string; restoreHint: string } = {
    setting: "LATCHKEY_MASTER_KEYS",
    missingKeyText: "is not in the keyring",
    restoreHint: "Put that key back after the active one, run `npm run vault:rewrap`, and only then remove it.",
  },
) =>
  new VaultError(
    "unknown_key",
    "unavailable",
    `${where} is sealed under key-encryption key "${kekId}", which ${provider.missingKeyText} (${provider.setting} has: ${known.map((k) => `"${k}"`).join(", ") || "none"}). ` +
      provider.restoreHint,
  );

export const integrityError = (where: string, layer: string) =>
  new VaultError(
    "integrity",
    "internal_error",
    `${where} failed its integrity check (${layer}): it was altered, truncated, or copied from another row (connection, endpoint), workspace or version. It cannot be opened.`,
  );

export const wrapLimitError = (kekId: string, limit: number) =>
  new VaultError(
    "wrap_limit",
    "unavailable",
    `Key-encryption key "${kekId}" has wrapped ${limit} data keys, the limit set for one key (LATCHKEY_KEK_WRAP_LIMIT). Nothing was sealed. ` +
      `Put a new key first in LATCHKEY_MASTER_KEYS, restart, and run \`npm run vault:rewrap\`.`,
  );
