// Serves the provider simulators under /sandbox/<provider>/... in demo mode only; 404 otherwise, so
// a production deployment exposes nothing here.
import { getEnv } from "@/lib/env";
import { providerIds, type ProviderId } from "@/lib/providers/types";
import { getSandbox } from "@/lib/sandbox";
import { SANDBOX_BASE_HEADER } from "@/lib/sandbox/types";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ provider: string; path: string[] }> };

async function serve(req: Request, { params }: Params): Promise<Response> {
  const { provider, path } = await params;
  const handler = getEnv().demo && (providerIds as readonly string[]).includes(provider) ? getSandbox(provider as ProviderId) : undefined;
  if (!handler) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const incoming = new URL(req.url);
  const url = new URL(`/${path.map(encodeURIComponent).join("/")}${incoming.search}`, incoming.origin);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
  const headers = new Headers(req.headers);
  headers.set(SANDBOX_BASE_HEADER, `${getEnv().publicUrl}/sandbox/${provider}`);
  return handler(new Request(url, { method: req.method, headers, body, signal: req.signal }));
}

export const GET = serve;
export const POST = serve;
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
