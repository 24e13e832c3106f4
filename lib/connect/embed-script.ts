// The two files Latchkey serves for vendors' pages, built from packages/connect (@latchkey/connect,
// `npm install` builds it): /connect.js (a classic script setting window.Latchkey) and /connect.mjs
// (an ES module). One implementation for the script tag, the module and the npm package.
import "server-only";
import fs from "node:fs";
import path from "node:path";

const dist = () => path.join(process.cwd(), "packages", "connect", "dist");
const cache = new Map<string, string>();

function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    try {
      text = fs.readFileSync(path.join(dist(), file), "utf8");
    } catch {
      throw new Error(`packages/connect/dist/${file} is missing: run \`npm install\` (it builds @latchkey/connect)`);
    }
    cache.set(file, text);
  }
  return text;
}

/** /connect.js: `<script src="…/connect.js">` then `Latchkey.openConnect({ token })`. */
export const connectScriptSource = (): string => read("connect.global.js");
/** /connect.mjs: `import { openConnect } from "…/connect.mjs"`. */
export const connectModuleSource = (): string => read("connect.mjs");

export function serveScript(source: string): Response {
  return new Response(source, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      // Loaded cross-origin by vendors' pages, also as a module: CORS is required for module scripts.
      "access-control-allow-origin": "*",
    },
  });
}
