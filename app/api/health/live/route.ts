// GET /api/health/live: liveness for orchestrators. 200 while the process serves requests at all;
// it touches no database, so an outage of Postgres never gets a healthy instance restarted.
import { apiRoute } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const GET = apiRoute({}, async () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }));
