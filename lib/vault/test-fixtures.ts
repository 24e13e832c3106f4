// Shared by the vault's integration tests: a workspace with connections, and a keyring.
import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/lib/db";
import { connections, workspaces } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { LocalKeyProvider } from "@/lib/vault/key-provider";
import { parseKeyring } from "@/lib/vault/keyring";

export const newKey = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
export const providerOf = (...entries: string[]) => new LocalKeyProvider(parseKeyring(entries.join(",")));

export async function createWorkspace(db: DbOrTx, name = "Acme"): Promise<string> {
  const id = newId("ws");
  await db.insert(workspaces).values({ id, slug: id.replace("_", "-"), name });
  return id;
}

export async function createConnections(db: DbOrTx, workspaceId: string, n: number, provider = "personio"): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({ id: newId("conn"), workspaceId, endUserId: `user-${i}`, provider }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(connections).values(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}
