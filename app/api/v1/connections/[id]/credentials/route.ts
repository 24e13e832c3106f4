// GET /api/v1/connections/{id}/credentials: the plaintext credential, for keys holding
// `credentials:read` (the sync backend's). Every read is audited by the vault. Prefer the
// passthrough (POST …/proxy), which never hands the secret out.
import { apiRoute, idParams } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { findLiveConnection } from "@/lib/connections/queries";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { openCredential, revealAll } from "@/lib/vault";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "credentials:read", params: idParams }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const db = getDb();
  const conn = await findLiveConnection(db, auth!.workspace.id, params.id);
  if (!conn) throw new AppError("not_found", "No such connection in this workspace.");
  const secrets = await openCredential(db, {
    workspaceId: auth!.workspace.id,
    connectionId: conn.id,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
    reason: "credentials API",
  });
  return Response.json(
    { connection_id: conn.id, provider: conn.provider, credentials: revealAll(secrets) },
    { headers: { "cache-control": "no-store", pragma: "no-cache" } },
  );
});
