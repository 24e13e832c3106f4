// `npm run latchkey -- justworks:update --connection conn_… --accepted`
// `npm run latchkey -- justworks:update --connection conn_… --granted "Manage Employees,edit_company_settings"`
// `npm run latchkey -- justworks:update --connection conn_… --resent`
// Moves a Justworks connection through its service-user states, as the API and the dashboard do.
import { systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { findConnectionAnyWorkspace } from "@/lib/connections/queries";
import { parseJustworksPermission, type JustworksPermissionId } from "@/lib/providers/justworks/permissions";
import type { JustworksEvent } from "@/lib/providers/justworks/state";
import { applyProviderTransition } from "@/lib/connections/transitions";
import { defineCommand } from "@/scripts/cli/command";

export const justworksUpdate = defineCommand({
  summary: "Justworks service user: --connection conn_… and one of --accepted, --granted \"a,b,…\" (permissions held; \"\" for none), --resent",
  flags: { connection: { type: "string" }, accepted: { type: "boolean" }, resent: { type: "boolean" }, granted: { type: "string" } },
  async run(flags) {
    const id = flags.connection || undefined;
    if (!id) throw new Error("--connection is required (conn_…)");
    if ([flags.accepted, flags.resent, flags.granted !== undefined].filter(Boolean).length > 1) throw new Error("Give only one of --accepted, --granted \"…\" or --resent");
    let event: JustworksEvent;
    if (flags.accepted) event = { type: "invitation_accepted" };
    else if (flags.resent) event = { type: "invitation_resent" };
    else if (flags.granted !== undefined) {
      const names = flags.granted.split(",").map((s) => s.trim()).filter(Boolean);
      const granted: JustworksPermissionId[] = [];
      for (const n of names) {
        const p = parseJustworksPermission(n);
        if (!p) throw new Error(`Unknown Justworks permission: ${n}`);
        granted.push(p);
      }
      event = { type: "verification", granted };
    } else throw new Error("Give one of --accepted, --granted \"…\" or --resent");
    const db = getDb();
    const row = await findConnectionAnyWorkspace(db, id);
    if (!row) throw new Error("No such connection.");
    const r = await applyProviderTransition(db, { workspaceId: row.workspaceId, connectionId: id, event, actor: { ...systemActor, id: "cli" }, reason: "recorded from the command line" });
    const missing = r.missing.length ? ` Missing: ${r.missing.join(", ")}.` : "";
    process.stdout.write(`${id}: ${r.state} (connection ${r.status}).${missing}\n`);
  },
});
