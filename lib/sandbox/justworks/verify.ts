// Verifies a Justworks connection against the sandbox, as the vendor's service account would by
// logging in: what the sandbox reports for the service user's address becomes state-machine events
// applied through the same store the API and the dashboard use. For the demo and tests.
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { connections } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { parseJustworksState, type JustworksProviderState } from "@/lib/providers/justworks/state";
import { applyJustworksTransition } from "@/lib/providers/justworks/store";
import { eventsFromVerification, getJustworksSandbox, type JustworksSimulator, type JustworksVerification } from "@/lib/sandbox/justworks";

export async function verifyWithJustworksSandbox(
  db: Db,
  input: { workspaceId: string; connectionId: string; actor: Actor; simulator?: JustworksSimulator },
): Promise<{ verification: JustworksVerification; state: JustworksProviderState; changed: boolean }> {
  const [row] = await db
    .select({ providerState: connections.providerState })
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.workspaceId, input.workspaceId), eq(connections.provider, "justworks")));
  const current = row ? parseJustworksState(row.providerState) : undefined;
  if (!current) throw new AppError("not_found", "No Justworks connection with an invitation exists under this id.");
  const verification = (input.simulator ?? getJustworksSandbox()).verify(current.serviceUser.email);
  let state = current;
  for (const event of eventsFromVerification(current.state, verification)) {
    state = (await applyJustworksTransition(db, { workspaceId: input.workspaceId, connectionId: input.connectionId, event, actor: input.actor })).state;
  }
  return { verification, state, changed: state !== current };
}
