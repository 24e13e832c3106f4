// Regenerates packages/node/src/schema.d.ts (the types of @latchkey/node's API client) from the
// OpenAPI document the app serves at /api/v1/openapi.json, with openapi-typescript.
// `npm run generate:node-client`; packages/node/src/schema.test.ts fails when it is out of date.
// Plain Node (tsx): the routes' modules carry the "server-only" marker, so it is allowed in this
// process first and the document's modules are imported after that (as the queue workers do).
import fs from "node:fs";
import path from "node:path";
import { allowServerOnlyInThisProcess } from "@/lib/jobs/node-server-only";

allowServerOnlyInThisProcess();
const { nodeClientSchemaSource } = await import("@/packages/node/generate");
const out = path.join(import.meta.dirname, "..", "packages", "node", "src", "schema.d.ts");
fs.writeFileSync(out, await nodeClientSchemaSource());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
