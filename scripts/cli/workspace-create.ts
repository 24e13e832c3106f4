// `npm run latchkey -- workspace:create --name "Acme Payroll" --origin https://app.acme.example[,https://…] [--slug acme] [--language de]`
// Creates a vendor workspace. The origins are the pages allowed to embed the wizard.
import { recordAudit, systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import { defineCommand } from "@/scripts/cli/command";
import { isLang, languages } from "@/lib/i18n/languages";

export const workspaceCreate = defineCommand({
  summary: `Create a workspace: --name … --origin https://app.vendor.example[,…] [--slug …] [--language ${languages.join("|")}]`,
  flags: { name: { type: "string" }, origin: { type: "string" }, origins: { type: "string" }, slug: { type: "string" }, language: { type: "string" } },
  async run(flags) {
    if (!flags.name) throw new Error("--name is required, e.g. --name \"Acme Payroll\"");
    const raw = flags.origin ?? flags.origins;
    if (!raw) throw new Error("--origin is required: the origin(s) of the pages that embed the wizard, comma-separated, e.g. --origin https://app.vendor.example");
    const language = flags.language ?? "en";
    if (!isLang(language)) throw new Error(`--language must be one of ${languages.join(", ")}`);
    const db = getDb();
    const ws = await db.transaction(async (tx) => {
      const created = await insertWorkspace(tx, { name: flags.name!, origins: raw.split(","), slug: flags.slug, defaultLanguage: language });
      await recordAudit(tx, { workspaceId: created.id, actor: systemActor, action: "workspace.created", target: { type: "workspace", id: created.id }, details: { via: "cli", origins: created.allowedOrigins } });
      return created;
    });
    process.stdout.write(
      [
        `Workspace created: ${ws.id} (slug ${ws.slug})`,
        `  Name:             ${ws.name}`,
        `  Allowed origins:  ${ws.allowedOrigins.join(", ")}`,
        "",
        `Next: npm run latchkey -- apikey:create --workspace ${ws.slug} --permissions sessions:write,connections:read`,
        "",
      ].join("\n"),
    );
  },
});
