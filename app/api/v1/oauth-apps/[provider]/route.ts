// GET/PUT/DELETE /api/v1/oauth-apps/{provider}: the workspace's OAuth app at one provider, the same
// rule as the dashboard's Workspace settings (lib/connections/oauth-apps.ts). Reading needs
// `connections:read`, changing needs `connections:write` (like webhook endpoints). The client secret
// goes in once and is never returned.
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { oauthAppBodySchema, oauthProviderSchema } from "@/lib/connections/api-schemas";
import { removeWorkspaceOAuthApp, setWorkspaceOAuthApp, toOAuthAppDto } from "@/lib/connections/oauth-apps";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findOAuthApp } from "@/lib/vault";

export const dynamic = "force-dynamic";

const params = z.object({ provider: oauthProviderSchema });
const noStore = { "cache-control": "no-store" };

export const GET = apiRoute({ permission: "connections:read", params }, async ({ params, auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const app = await findOAuthApp(getDb(), auth!.workspace.id, params.provider);
  if (!app) throw new AppError("not_found", "This workspace has no OAuth app at this provider.");
  return toOAuthAppDto(app);
});

export const PUT = apiRoute({ permission: "connections:write", params, body: oauthAppBodySchema }, async ({ params, body, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const app = await setWorkspaceOAuthApp(getDb(), {
    workspaceId: auth!.workspace.id,
    provider: params.provider,
    fields: { clientId: body.client_id, ...(body.client_secret !== undefined ? { clientSecret: body.client_secret } : {}), ...(body.preferred !== undefined ? { preferred: body.preferred } : {}) },
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  return Response.json(toOAuthAppDto(app), { headers: noStore });
});

export const DELETE = apiRoute({ permission: "connections:write", params }, async ({ params, auth, ip, req }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  const removed = await removeWorkspaceOAuthApp(getDb(), {
    workspaceId: auth!.workspace.id,
    provider: params.provider,
    actor: { type: "api_key", id: auth!.apiKey.id, ip, userAgent: req.headers.get("user-agent") },
  });
  if (!removed) throw new AppError("not_found", "This workspace has no OAuth app at this provider.");
  return new Response(null, { status: 204 });
});
