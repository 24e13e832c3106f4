// `npm run latchkey -- apikey:revoke --id key_…` (or `--key lk_…` to revoke a key you hold).
import { recordAudit, systemActor } from "@/lib/audit";
import { hashApiKey } from "@/lib/db/queries/api-keys";
import { getDb } from "@/lib/db";
import { revokeApiKey } from "@/lib/db/queries/api-keys";
import { apiKeys } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { defineCommand } from "@/scripts/cli/command";

export const apikeyRevoke = defineCommand({
  summary: "Revoke an API key: --id key_… (or --key lk_…)",
  flags: { id: { type: "string" }, key: { type: "string" } },
  async run(flags) {
    const db = getDb();
    let id = flags.id || undefined;
    if (!id && flags.key) {
      const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.hash, hashApiKey(flags.key)));
      if (!row) throw new Error("No such API key.");
      id = row.id;
    }
    if (!id) throw new Error("--id is required (the key's id, key_…, as printed at creation)");
    const revoked = await db.transaction(async (tx) => {
      const key = await revokeApiKey(tx, { id: id! });
      await recordAudit(tx, { workspaceId: key.workspaceId, actor: systemActor, action: "api_key.revoked", target: { type: "api_key", id: key.id }, details: { via: "cli" } });
      return key;
    });
    process.stdout.write(`Revoked ${revoked.id} (${revoked.prefix}…${revoked.lastFour}). Requests with it now get 401.\n`);
  },
});
