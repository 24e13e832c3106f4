// API keys: shown once at creation, stored as a sha256 hash (the key carries 256 random bits, so a
// fast hash is enough), with a prefix and the last four characters kept for display.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { apiKeyPermissions, apiKeys, type ApiKey, type ApiKeyPermission } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

/** Only this hash of an API key is stored; a key is looked up by it. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export const API_KEY_PREFIX = "lk_";
const API_KEY_PATTERN = /^lk_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export function isApiKeyFormat(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/** What a list may show of a key: `lk_AbCd…wxyz`. */
export function displayParts(key: string): { prefix: string; lastFour: string } {
  return { prefix: key.slice(0, 7), lastFour: key.slice(-4) };
}

export function parsePermissions(input: string | string[]): ApiKeyPermission[] {
  const list = (Array.isArray(input) ? input : input.split(",")).map((p) => p.trim()).filter(Boolean);
  const unknown = list.filter((p) => !(apiKeyPermissions as readonly string[]).includes(p));
  if (unknown.length) throw new AppError("invalid_input", `Unknown permission ${unknown.map((u) => `"${u}"`).join(", ")}; choose from ${apiKeyPermissions.join(", ")}.`);
  if (!list.length) throw new AppError("invalid_input", `Give at least one permission: ${apiKeyPermissions.join(", ")}.`);
  return [...new Set(list)] as ApiKeyPermission[];
}

/** Create a key. The returned `key` is the only time the plaintext exists outside the caller. */
export async function insertApiKey(
  db: DbOrTx,
  input: { workspaceId: string; name?: string; permissions: ApiKeyPermission[]; key?: string; id?: string },
): Promise<{ key: string; apiKey: ApiKey }> {
  const key = input.key ?? generateApiKey();
  if (!isApiKeyFormat(key)) throw new AppError("invalid_input", "Malformed API key.");
  const [apiKey] = await db
    .insert(apiKeys)
    .values({
      id: input.id ?? newId("key"),
      workspaceId: input.workspaceId,
      name: (input.name ?? "API key").slice(0, 100),
      ...displayParts(key),
      hash: hashApiKey(key),
      permissions: input.permissions,
    })
    .returning();
  return { key, apiKey: apiKey! };
}

export async function listApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt));
}

/** Revoke by id; with `workspaceId`, only a key of that workspace. Revoking twice is a no-op. */
export async function revokeApiKey(db: DbOrTx, input: { id: string; workspaceId?: string }): Promise<ApiKey> {
  const scope = input.workspaceId ? and(eq(apiKeys.id, input.id), eq(apiKeys.workspaceId, input.workspaceId)) : eq(apiKeys.id, input.id);
  const [row] = await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(scope, isNull(apiKeys.revokedAt))).returning();
  if (row) return row;
  const [existing] = await db.select().from(apiKeys).where(scope);
  if (!existing) throw new AppError("not_found", `No API key "${input.id}".`);
  return existing;
}
