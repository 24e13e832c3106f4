// `npm run latchkey -- workspace:list` and `npm run latchkey -- apikey:list --workspace <id|slug>`:
// what exists, without ever showing a key (only its prefix and last four characters).
import { getDb } from "@/lib/db";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { getWorkspace, listWorkspaces, updateWorkspaceOrigins } from "@/lib/db/queries/workspaces";
import { recordAudit, systemActor } from "@/lib/audit";
import { defineCommand } from "@/scripts/cli/command";

export const workspaceList = defineCommand({
  summary: "List workspaces and their allowed embed origins",
  flags: {},
  async run() {
    const rows = await listWorkspaces(getDb());
    for (const w of rows) process.stdout.write(`${w.id.padEnd(28)} ${w.slug.padEnd(24)} ${w.name}\n    origins: ${w.allowedOrigins.join(", ") || "(none: nothing may embed the wizard)"}\n`);
    if (!rows.length) process.stdout.write("No workspaces. Create one with workspace:create.\n");
  },
});

export const workspaceOrigins = defineCommand({
  summary: "Replace a workspace's embed origins: --workspace <id|slug> --origin https://a.example[,…]",
  flags: { workspace: { type: "string" }, origin: { type: "string" }, origins: { type: "string" } },
  async run(flags) {
    const db = getDb();
    const ws = flags.workspace ? await getWorkspace(db, flags.workspace) : null;
    if (!ws) throw new Error("--workspace must name an existing workspace (id or slug)");
    const raw = flags.origin ?? flags.origins;
    if (!raw) throw new Error("--origin is required (comma-separated)");
    const updated = await db.transaction(async (tx) => {
      const u = await updateWorkspaceOrigins(tx, ws.id, raw.split(","));
      await recordAudit(tx, { workspaceId: ws.id, actor: systemActor, action: "workspace.origins_changed", target: { type: "workspace", id: ws.id }, details: { via: "cli", from: ws.allowedOrigins, to: u.allowedOrigins } });
      return u;
    });
    process.stdout.write(`Allowed origins of ${updated.slug}: ${updated.allowedOrigins.join(", ")}\n(Open wizards pick the change up within 15 seconds.)\n`);
  },
});

export const apikeyList = defineCommand({
  summary: "List a workspace's API keys: --workspace <id|slug>",
  flags: { workspace: { type: "string" } },
  async run(flags) {
    const db = getDb();
    const ws = flags.workspace ? await getWorkspace(db, flags.workspace) : null;
    if (!ws) throw new Error("--workspace must name an existing workspace (id or slug)");
    const keys = await listApiKeys(db, ws.id);
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : `last used ${k.lastUsedAt?.toISOString() ?? "never"}`;
      process.stdout.write(`${k.id.padEnd(26)} ${k.prefix}…${k.lastFour}  ${k.permissions.join(",")}  ${k.name}  (${state})\n`);
    }
    if (!keys.length) process.stdout.write("No API keys. Create one with apikey:create.\n");
  },
});
