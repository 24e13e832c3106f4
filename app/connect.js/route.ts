// GET /connect.js: window.Latchkey.openConnect / prepareConnect for a `<script>` tag (@latchkey/connect).
import { connectScriptSource, serveScript } from "@/lib/connect/embed-script";

export const dynamic = "force-static";

export function GET(): Response {
  return serveScript(connectScriptSource());
}
