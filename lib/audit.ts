// The audit trail: who did what to which object, from where. Insert-only; never holds a secret.
import type { DbOrTx } from "@/lib/db";
import { auditLog, type ActorType } from "@/lib/db/schema";

export type Actor = { type: ActorType; id?: string | null; ip?: string | null; userAgent?: string | null };

export type AuditInput = {
  workspaceId?: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  reason?: string;
  details?: Record<string, unknown>;
};

/** Write inside the transaction of the change it records (pass `tx`), so both commit or neither. */
export async function recordAudit(db: DbOrTx, input: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: input.workspaceId ?? null,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    ip: input.actor.ip ?? null,
    userAgent: input.actor.userAgent?.slice(0, 300) ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    reason: input.reason ?? null,
    details: input.details ?? {},
  });
}

export const systemActor: Actor = { type: "system", id: "latchkey" };
