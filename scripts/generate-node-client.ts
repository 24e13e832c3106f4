// Regenerates packages/node/src/schema.d.ts (the types of @latchkey/node's API client) from the
// OpenAPI document the app serves at /api/v1/openapi.json, with openapi-typescript.
// `npm run generate:node-client`; packages/node/src/schema.test.ts fails when it is out of date.
import fs from "node:fs";
import path from "node:path";
import { nodeClientSchemaSource } from "@/packages/node/generate";

const out = path.join(import.meta.dirname, "..", "packages", "node", "src", "schema.d.ts");
fs.writeFileSync(out, await nodeClientSchemaSource());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
