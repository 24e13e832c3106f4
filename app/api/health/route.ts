import { apiRoute } from "@/lib/api/handler";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export const GET = apiRoute({}, async () => {
  const health = await checkHealth();
  const failing = Object.entries(health.parts).filter(([, p]) => !p.ok).map(([name]) => name);
  return Response.json(
    { status: health.ok ? "ok" : "unavailable", ...(failing.length ? { failing } : {}), parts: health.parts },
    {
      status: health.ok ? 200 : 503,
      headers: { "cache-control": "no-store", ...(health.ok ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) }) },
    },
  );
});
