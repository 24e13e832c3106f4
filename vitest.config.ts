import path from "node:path";
import { defineConfig } from "vitest/config";

export const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    name: "unit",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/*.int.test.ts", "node_modules/**", ".next/**", "e2e/**", ".data/**", "packages/*/dist/**"],
    environment: "node",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    testTimeout: 20_000,
  },
});
