// The text of packages/node/src/schema.d.ts: openapi-typescript over the app's OpenAPI document.
// Used by scripts/generate-node-client.ts and by the test that keeps the checked-in file current.
import openapiTS, { astToString } from "openapi-typescript";
import { buildOpenApiDocument } from "@/lib/api/openapi";
// Registers the hand-off routes (events, webhook endpoints, credentials, proxy, status).
import "@/lib/handoff/openapi";

export async function nodeClientSchemaSource(): Promise<string> {
  const doc = buildOpenApiDocument("https://latchkey.example");
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]);
  return [
    "// Generated from Latchkey's OpenAPI document by `npm run generate:node-client` (openapi-typescript).",
    "// Do not edit: packages/node/src/schema.test.ts fails when this file and the API differ.",
    "",
    astToString(ast),
  ].join("\n");
}
