// GET /api/v1/oauth-apps: the workspace's OAuth apps (never a secret). Needs `connections:read`.
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { listWorkspaceOAuthApps, toOAuthAppDto } from "@/lib/connections/oauth-apps";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "connections:read" }, async ({ auth }) => {
  await enforceApiRateLimit(auth!.apiKey.id);
  return { data: (await listWorkspaceOAuthApps(getDb(), auth!.workspace.id)).map(toOAuthAppDto) };
});
