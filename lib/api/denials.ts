// Refused API requests in the audit log (cases 23, 36): a key lacking a permission (403), or
// asking for another workspace's object (404), is recorded as `api.denied`, at most
// DENIAL_AUDIT_LIMIT rows per key a minute. Used by apiRoute (lib/api/handler.ts).
import "server-only";
import type { Logger } from "pino";
import { recordAudit } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { getDb } from "@/lib/db";
import { findObjectOfOtherWorkspace } from "@/lib/db/queries/tenancy";
import type { AppError } from "@/lib/errors";
import { createBudget, type Budget, type Limit } from "@/lib/rate-limit";

/**
 * Denials audited per key: at most this many `api.denied` rows a minute, so that a flood of
 * refused requests cannot fill the audit log (the rest are logged only).
 */
export const DENIAL_AUDIT_LIMIT: Limit = { points: 20, durationSeconds: 60 };
const budgets = globalThis as unknown as { __latchkeyDenialAudit?: Budget };
function denialAuditBudget(): Budget {
  budgets.__latchkeyDenialAudit ??= createBudget("api_denied", DENIAL_AUDIT_LIMIT);
  return budgets.__latchkeyDenialAudit;
}

/**
 * A key refused (403), or asking for another workspace's object (404 on an id that exists
 * elsewhere), is audited as `api.denied` (cases 23, 36). A 404 on an id that exists nowhere is a
 * plain miss and not audited. Never changes the answer: a failure to audit is only logged.
 */
export async function auditDenial(req: Request, auth: { workspace: { id: string }; apiKey: { id: string } }, err: AppError, params: unknown, log: Logger): Promise<void> {
  try {
    if (err.status !== 403 && err.status !== 404) return;
    const id = params && typeof params === "object" && typeof (params as { id?: unknown }).id === "string" ? (params as { id: string }).id : null;
    const db = getDb();
    const foreign = err.status === 404 && id ? await findObjectOfOtherWorkspace(db, id, auth.workspace.id) : null;
    if (err.status === 404 && !foreign) return;
    if (!(await denialAuditBudget().take(auth.apiKey.id))) {
      log.warn({ apiKeyId: auth.apiKey.id, status: err.status }, "denial not audited: the key's audit budget is spent");
      return;
    }
    await recordAudit(db, {
      workspaceId: auth.workspace.id,
      actor: { type: "api_key", id: auth.apiKey.id, ip: clientAddress(req.headers), userAgent: req.headers.get("user-agent") },
      action: "api.denied",
      ...(foreign ? { target: { type: foreign.type, id: foreign.id } } : {}),
      details: { status: err.status, code: err.code, method: req.method, path: new URL(req.url).pathname, ...(foreign ? { otherWorkspace: true } : {}) },
    });
  } catch (e) {
    log.error({ err: e }, "could not audit a denial");
  }
}
