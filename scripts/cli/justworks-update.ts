// `npm run latchkey -- justworks:update --connection conn_… --accepted`
// `npm run latchkey -- justworks:update --connection conn_… --granted "Manage Employees,edit_company_settings"`
// `npm run latchkey -- justworks:update --connection conn_… --resent`
// Moves a Justworks connection through its service-user states, as the API and the dashboard do.
import { systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { findConnectionAnyWorkspace } from "@/lib/connections/queries";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { applyProviderTransition } from "@/lib/connections/transitions";
import { defineCommand } from "@/scripts/cli/command";

export const justworksUpdate = defineCommand({
  summary: "Justworks service user: --connection conn_… and one of --accepted, --granted \"a,b,…\" (permissions held; \"\" for none), --resent",
  flags: { connection: { type: "string" }, accepted: { type: "boolean" }, resent: { type: "boolean" }, granted: { type: "string" } },
  async run(flags) {
    const id = flags.connection || undefined;
    if (!id) throw new Error("--connection is required (conn_…)");
    // Dispatched through the registry: the connection's service-user flow reads the flags.
    const flow = getServiceUserFlow("justworks")!;
    if ([flags.accepted, flags.resent, flags.granted !== undefined].filter(Boolean).length > 1) throw new Error('Give only one of --accepted, --granted "…" or --resent');
    const event = flow.eventFromCli(flags as Record<string, string>);
    const db = getDb();
    const row = await findConnectionAnyWorkspace(db, id);
    if (!row) throw new Error("No such connection.");
    if (getServiceUserFlow(row.provider) !== flow) throw new Error(`${id} is not a Justworks connection.`);
    const r = await applyProviderTransition(db, { workspaceId: row.workspaceId, connectionId: id, event, actor: { ...systemActor, id: "cli" }, reason: "recorded from the command line" });
    const missing = r.missing.length ? ` Missing: ${r.missing.join(", ")}.` : "";
    process.stdout.write(`${id}: ${r.state} (connection ${r.status}).${missing}\n`);
  },
});
