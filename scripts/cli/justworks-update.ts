// `npm run latchkey -- justworks:update --connection conn_… --accepted`
// `npm run latchkey -- justworks:update --connection conn_… --granted "Manage Employees,edit_company_settings"`
// `npm run latchkey -- justworks:update --connection conn_… --resent`
// Moves a Justworks connection through its service-user states, as the API and the dashboard do.
import { eq } from "drizzle-orm";
import { systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { connections } from "@/lib/db/schema";
import { getServiceUserFlow } from "@/lib/providers/flows";
import type { JustworksEvent } from "@/lib/providers/justworks/state";
import { applyJustworksTransition } from "@/lib/providers/justworks/store";
import type { Command } from "@/scripts/cli/index";

export const justworksUpdate: Command = {
  summary: "Justworks service user: --connection conn_… and one of --accepted, --granted \"a,b,…\" (permissions held), --resent",
  async run(flags) {
    const id = flags.connection && flags.connection !== "true" ? flags.connection : undefined;
    if (!id) throw new Error("--connection is required (conn_…)");
    // Dispatched through the registry: the connection's service-user flow reads the flags.
    const flow = getServiceUserFlow("justworks")!;
    const event = flow.eventFromCli(flags) as JustworksEvent;
    const db = getDb();
    const [row] = await db.select({ workspaceId: connections.workspaceId, provider: connections.provider }).from(connections).where(eq(connections.id, id));
    if (!row) throw new Error("No such connection.");
    if (getServiceUserFlow(row.provider) !== flow) throw new Error(`${id} is not a Justworks connection.`);
    const r = await applyJustworksTransition(db, { workspaceId: row.workspaceId, connectionId: id, event, actor: { ...systemActor, id: "cli" }, reason: "recorded from the command line" });
    const missing = r.missingPermissions.length ? ` Missing: ${r.missingPermissions.join(", ")}.` : "";
    process.stdout.write(`${id}: ${r.state.state} (connection ${r.status}).${missing}\n`);
  },
};
