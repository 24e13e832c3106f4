import { defineConfig } from "vitest/config";
import { alias } from "./vitest.config.ts";

// Run twice by `npm test`: TEST_DB=postgres (a fresh database on 127.0.0.1:5432 per test file,
// dropped afterwards) and TEST_DB=pglite (an in-memory embedded database per test file).
export default defineConfig({
  resolve: { alias },
  test: {
    name: `integration-${process.env.TEST_DB ?? "postgres"}`,
    include: ["**/*.int.test.ts"],
    exclude: ["node_modules/**", ".next/**", ".data/**"],
    environment: "node",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
