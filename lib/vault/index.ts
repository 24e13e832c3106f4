// The credential vault: the only code that sees plaintext credentials. Server-only: a lint rule
// keeps it out of client code, and importing it into a client bundle fails the build.
import "server-only";

export { Secret, revealAll, REDACTED_SECRET } from "@/lib/vault/secret";
export { sealCredential, openCredential, shredCredential, fingerprintOf, type SealInput } from "@/lib/vault/credentials";
export { VaultError, isVaultError, type VaultProblem } from "@/lib/vault/errors";
export { LocalKeyProvider, type KeyProvider } from "@/lib/vault/key-provider";
export { parseKeyring, type Keyring } from "@/lib/vault/keyring";
export { initVault, getKeyProvider, setKeyProvider, countByKek } from "@/lib/vault/state";
export { rewrapAll, rewrapBatch, type RewrapSummary } from "@/lib/vault/rewrap";
