import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { connectionReadyQueue as consumedQueue, type ConnectionReadyJob as Published } from "@latchkey/node";
import { connectionReadyQueue as producedQueue, type ConnectionReadyJob as Produced } from "@/lib/handoff/queues";
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

  it("names the same connection.ready queue as the relay fills, shared and per workspace", () => {
    expect(consumedQueue()).toBe(producedQueue(null));
    expect(consumedQueue("ws_abc")).toBe(producedQueue("ws_abc"));
    expect(consumedQueue("ws_abc")).toBe("connection.ready.ws_abc");
  });
});
