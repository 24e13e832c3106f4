// GET /connect.mjs: Latchkey.openConnect as an ES module (`import { openConnect } from ".../connect.mjs"`).
import { cachedConnectModule } from "@/lib/connect/embed-script";

export const dynamic = "force-static";

export function GET(): Response {
  return new Response(cachedConnectModule(), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      // Loaded cross-origin by vendors' pages as a module: CORS is required for module scripts.
      "access-control-allow-origin": "*",
    },
  });
}
