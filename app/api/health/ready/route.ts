// GET /api/health/ready: readiness for orchestrators and load balancers. 503 while the instance is
// shutting down (SIGTERM received: send it no new requests) or cannot serve (the database, the
// queue's schema or migrations, as /api/health reports them), 200 otherwise.
import { apiRoute } from "@/lib/api/handler";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db";
import { checkHealth, isDraining } from "@/lib/health";

export const dynamic = "force-dynamic";

export const GET = apiRoute({}, async () => {
  const unavailable = (body: Record<string, unknown>) =>
    Response.json({ status: "unavailable", ...body }, { status: 503, headers: { "cache-control": "no-store", "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } });
  if (isDraining()) return unavailable({ failing: ["shutting_down"] });
  const health = await checkHealth();
  if (!health.ok) return unavailable({ failing: Object.entries(health.parts).filter(([, p]) => !p.ok).map(([name]) => name) });
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
});
