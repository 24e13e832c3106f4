// Any /api path without a route of its own: a JSON 404, never an HTML page.
import { errorResponse, requestIdOf } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

function notFound(req: Request): Response {
  const { pathname } = new URL(req.url);
  return errorResponse("not_found", `There is no API route at ${req.method} ${pathname}. See /api/v1/openapi.json for the routes.`, 404, requestIdOf(req));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
