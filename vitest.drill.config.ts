import { defineConfig } from "vitest/config";
import { alias } from "./vitest.config.ts";

// The fault drill (test/drill/faults.drill.ts): against the built app, so `npm test` runs it after
// `next build`. It starts its own PostgreSQL cluster (initdb, pg_ctl) and never uses another.
export default defineConfig({
  resolve: { alias },
  test: {
    name: "drill",
    include: ["test/drill/*.drill.ts"],
    environment: "node",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    testTimeout: 540_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
