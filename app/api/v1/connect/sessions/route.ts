// POST /api/v1/connect/sessions: the vendor's backend starts a connect flow for one of its customers.
import { apiRoute } from "@/lib/api/handler";
import { enforceApiRateLimit } from "@/lib/api/rate-limit";
import { createSessionBodySchema } from "@/lib/connect/api-schemas";
import { validateSessionRequest } from "@/lib/connect/validate";
import { createConnectSession } from "@/lib/connect/session";
import { getDb } from "@/lib/db";
import type { SessionPrefill } from "@/lib/providers/prefill";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ permission: "sessions:write", body: createSessionBodySchema }, async ({ body, auth, ip, req }) => {
  const { workspace, apiKey } = auth!;
  await enforceApiRateLimit(apiKey.id);
  await enforceApiRateLimit(apiKey.id, "session");
  validateSessionRequest(body);
  const created = await createConnectSession(getDb(), {
    workspace,
    actor: { type: "api_key", id: apiKey.id, ip, userAgent: req.headers.get("user-agent") },
    input: {
      endUser: body.end_user,
      providers: body.providers,
      scopes: body.scopes,
      optionalScopes: body.optional_scopes,
      providerOptions: body.provider_options,
      prefill: body.prefill as SessionPrefill | undefined,
      language: body.language,
      connectionId: body.connection_id,
      link: body.link,
      expiresIn: body.expires_in,
    },
  });
  return Response.json(
    { id: created.session.id, token: created.token, url: created.url, expires_at: created.expiresAt.toISOString() },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
