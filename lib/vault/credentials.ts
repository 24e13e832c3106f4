// Sealing and opening the stored credential of a connection (shredding goes through the registry,
// lib/vault/registry.ts). The associated data is always taken from the credential row's own
// columns. Nothing here logs, throws or audits a value.
import { and, eq } from "drizzle-orm";
import { recordAudit, type Actor } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { connections, credentials, type Credential } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { sealedTable, type SealedTable } from "@/lib/vault/column";
import { decodeValues, encodeValues } from "@/lib/vault/envelope";
import { isVaultError, VaultError } from "@/lib/vault/errors";
import { credentialKind, type CredentialContext } from "@/lib/vault/kinds";
import { seal } from "@/lib/vault/seal";
import type { Secret } from "@/lib/vault/secret";
import { getKeyProvider, vaultLog } from "@/lib/vault/state";

export type SealInput = {
  workspaceId: string;
  connectionId: string;
  provider: string;
  /** The credential fields, plaintext. Only the vault keeps them. */
  values: Record<string, string>;
  /** The field whose last characters become the display fingerprint. */
  fingerprintField?: string;
  actor: Actor;
};

const MAX_VALUE_CHARS = 16_384;

/**
 * The display fingerprint: the last four characters, and never more than a quarter of the value,
 * so that it cannot help rebuild a short secret. Too short a value gets none.
 */
export function fingerprintOf(value: string | undefined): string | null {
  if (!value) return null;
  const chars = Array.from(value.trim());
  const n = Math.min(4, Math.floor(chars.length / 4));
  return n >= 2 ? chars.slice(-n).join("") : null;
}

function validateValues(values: Record<string, string>): void {
  const entries = values && typeof values === "object" ? Object.entries(values) : [];
  if (!entries.length) throw new VaultError("invalid_input", "invalid_input", "There is no credential value to store.");
  for (const [k, v] of entries) {
    // Field names only: a message must never quote a value.
    if (typeof v !== "string") throw new VaultError("invalid_input", "invalid_input", `The credential field "${k.slice(0, 64)}" must be text.`);
    if (v.length > MAX_VALUE_CHARS) throw new VaultError("invalid_input", "invalid_input", `The credential field "${k.slice(0, 64)}" is too long.`);
  }
}

/** Seal and store (insert, or replace with version + 1) the connection's credential. Use inside the save transaction. */
export async function sealCredential(tx: DbOrTx, input: SealInput): Promise<{ version: number; fingerprint: string | null }> {
  validateValues(input.values);
  const [conn] = await tx
    .select({ id: connections.id, provider: connections.provider })
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, input.workspaceId)))
    .limit(1);
  if (!conn) throw new VaultError("not_found", "not_found", "No such connection in this workspace.");
  if (conn.provider !== input.provider)
    throw new VaultError("invalid_input", "invalid_input", `This connection is for provider "${conn.provider}", not "${input.provider}".`);
  // Lock the row: the version in the associated data must be the version stored with it.
  const [existing] = await tx
    .select({ id: credentials.id, version: credentials.version, workspaceId: credentials.workspaceId, shreddedAt: credentials.shreddedAt })
    .from(credentials)
    .where(eq(credentials.connectionId, input.connectionId))
    .for("update")
    .limit(1);
  if (existing && existing.workspaceId !== input.workspaceId) throw new VaultError("not_found", "not_found", "No such connection in this workspace.");
  if (existing?.shreddedAt)
    throw new VaultError("shredded", "conflict", "This connection's credential was destroyed when the connection was deleted; connect again to create a new connection.");

  const version = (existing?.version ?? 0) + 1;
  const ctx: CredentialContext = { workspaceId: input.workspaceId, connectionId: input.connectionId, provider: input.provider, version };
  const plaintext = encodeValues(input.values);
  let sealed;
  try {
    sealed = await seal(credentialKind, ctx, plaintext);
  } finally {
    plaintext.fill(0);
  }
  const fingerprint = input.fingerprintField ? fingerprintOf(input.values[input.fingerprintField]) : null;
  const columns = { ...sealed, version, provider: input.provider, fingerprint, updatedAt: new Date() };
  try {
    if (existing) await tx.update(credentials).set(columns).where(eq(credentials.id, existing.id));
    else await tx.insert(credentials).values({ id: newId("cred"), connectionId: input.connectionId, workspaceId: input.workspaceId, ...columns });
  } catch (e) {
    // The driver's error quotes the statement's parameters (sealed bytes): restate it without them.
    const pgCode = pgCodeOf(e);
    vaultLog().error({ connectionId: input.connectionId, pgCode }, "vault: storing the sealed credential failed");
    throw new VaultError("store_failed", "internal_error", "The credential could not be stored. Nothing was saved; try again.", { pgCode });
  }
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: "credential.sealed",
    target: { type: "connection", id: input.connectionId },
    details: { version, kekId: sealed.kekId, keyProvider: getKeyProvider().name },
  });
  return { version, fingerprint };
}

function pgCodeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, i = 0; cur && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const contextOf = (row: Pick<Credential, "workspaceId" | "connectionId" | "provider" | "version">): CredentialContext => ({
  workspaceId: row.workspaceId,
  connectionId: row.connectionId,
  provider: row.provider,
  version: row.version,
});

/** Open the connection's current credential. Writes an audit entry (who, which connection, why). */
export async function openCredential(
  db: DbOrTx,
  input: { workspaceId: string; connectionId: string; actor: Actor; reason: string },
): Promise<Record<string, Secret>> {
  if (!input.reason?.trim()) throw new VaultError("invalid_input", "invalid_input", "Say why the credential is opened (it goes in the audit log).");
  const found = await credentialsColumn.readRow(db, { connection_id: input.connectionId, workspace_id: input.workspaceId });
  if (!found) throw new VaultError("not_found", "not_found", "This connection has no stored credential.");
  const { row, sealed } = found;
  if (!sealed)
    throw new VaultError("shredded", "not_found", "This connection's credential was destroyed when the connection was deleted. It cannot be recovered.", { status: 410 });
  const version = Number(row.version);
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action,
      target: { type: "connection", id: input.connectionId },
      reason: input.reason.trim().slice(0, 500),
      details: { version, kekId: sealed.kekId, ...details },
    });
  let plaintext: Buffer;
  try {
    plaintext = await credentialsColumn.openRow(row, sealed, { connectionId: input.connectionId, credentialId: row.id });
  } catch (e) {
    await audit("credential.open_failed", { problem: isVaultError(e) ? e.problem : "unexpected" }).catch(() => {});
    throw e;
  }
  try {
    const values = decodeValues(plaintext);
    await audit("credential.opened", { fields: Object.keys(values).sort() });
    return values;
  } finally {
    plaintext.fill(0);
  }
}

/** The `credentials` table in the registry: one sealed credential per connection, shredded when the connection is deleted. */
export const credentialsColumn: SealedTable<CredentialContext> = sealedTable<CredentialContext>({
  table: "credentials",
  kind: credentialKind,
  noun: ["stored credential", "stored credentials"],
  contextColumns: ["workspace_id", "connection_id", "provider", "version"],
  context: (r) => ({ workspaceId: String(r.workspace_id), connectionId: String(r.connection_id), provider: String(r.provider), version: Number(r.version) }),
  owner: { type: "connection", column: "connection_id", label: "connection" },
  shredDetails: (rows) => ({ version: Number(rows[0]!.version) }),
});
