// GET /connect.mjs: `import { openConnect, prepareConnect } from ".../connect.mjs"` (@latchkey/connect).
import { connectModuleSource, serveScript } from "@/lib/connect/embed-script";

export const dynamic = "force-static";

export function GET(): Response {
  return serveScript(connectModuleSource());
}
