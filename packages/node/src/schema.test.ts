import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ConnectionReadyJob as Published } from "@latchkey/node";
import type { ConnectionReadyJob as Produced } from "@/lib/handoff/queues";
import { nodeClientSchemaSource } from "../generate";

// The queue payload Latchkey produces and the one @latchkey/node publishes are the same type (tsc
// checks these two assignments in both directions).
const published: Published = {} as Produced;
const produced: Produced = {} as Published;

describe("@latchkey/node", () => {
  it("src/schema.d.ts is generated from the current OpenAPI document (npm run generate:node-client)", async () => {
    const checkedIn = fs.readFileSync(path.join(import.meta.dirname, "schema.d.ts"), "utf8");
    expect(checkedIn === (await nodeClientSchemaSource()), "run `npm run generate:node-client` and commit packages/node/src/schema.d.ts").toBe(true);
    expect([published, produced]).toHaveLength(2);
  });
});
