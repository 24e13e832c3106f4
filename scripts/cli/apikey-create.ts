// `npm run latchkey -- apikey:create --workspace <id|slug> --permissions sessions:write,connections:read [--name "…"]`
// The key is printed once; only its hash is stored.
import { recordAudit, systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { insertApiKey, parsePermissions } from "@/lib/db/queries/api-keys";
import { getWorkspace } from "@/lib/db/queries/workspaces";
import { apiKeyPermissions } from "@/lib/db/schema";
import { defineCommand } from "@/scripts/cli/command";

export const apikeyCreate = defineCommand({
  summary: `Create an API key: --workspace <id|slug> --permissions ${apiKeyPermissions.join(",")} [--name …]`,
  flags: { workspace: { type: "string" }, permissions: { type: "string" }, name: { type: "string" } },
  async run(flags) {
    if (!flags.workspace) throw new Error("--workspace is required (its id or slug)");
    if (!flags.permissions) throw new Error(`--permissions is required, comma-separated, from: ${apiKeyPermissions.join(", ")}`);
    const permissions = parsePermissions(flags.permissions);
    const db = getDb();
    const ws = await getWorkspace(db, flags.workspace);
    if (!ws) throw new Error(`No workspace "${flags.workspace}". Create one with workspace:create.`);
    const { key, apiKey } = await db.transaction(async (tx) => {
      const created = await insertApiKey(tx, { workspaceId: ws.id, name: flags.name || "API key", permissions });
      await recordAudit(tx, { workspaceId: ws.id, actor: systemActor, action: "api_key.created", target: { type: "api_key", id: created.apiKey.id }, details: { via: "cli", permissions } });
      return created;
    });
    process.stdout.write(
      [
        `API key ${apiKey.id} for ${ws.name} (${ws.slug}), permissions: ${permissions.join(", ")}`,
        "",
        `  ${key}`,
        "",
        "Store it now: it is shown only this once (Latchkey keeps only a hash).",
        `Revoke it with: npm run latchkey -- apikey:revoke --id ${apiKey.id}`,
        "",
      ].join("\n"),
    );
  },
});
