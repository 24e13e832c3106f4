// GET /api/v1/openapi.json: the OpenAPI 3.1 document, public.
import { apiRoute } from "@/lib/api/handler";
import { openApiDocumentJson } from "@/lib/api/openapi";
// Registers the hand-off routes (events, webhook endpoints, credentials, proxy, status).
import "@/lib/handoff/openapi";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export const GET = apiRoute({}, async () =>
  new Response(openApiDocumentJson(getEnv().publicUrl), {
    headers: { "content-type": "application/json", "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  }),
);
