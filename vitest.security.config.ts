import { defineConfig } from "vitest/config";
import { vitestCaseFiles } from "./test/security/cases.ts";
import { alias } from "./vitest.config.ts";

// `npm run test:security`: the 40 adversarial cases of docs/security.md, on Postgres. The files come
// from the case table there; only the tests named "case NN: …" run (and the table check). The tests
// of test/security/*.security.ts have no other owner; every other file is also run by the unit or
// integration config, so `npm test` runs only test/security here (scripts/test-all.sh).
export default defineConfig({
  resolve: { alias },
  test: {
    name: "security",
    include: ["test/security/**/*.security.ts", ...vitestCaseFiles()],
    exclude: ["node_modules/**", ".next/**", ".data/**"],
    testNamePattern: /\bcase \d{2}\b|case table/,
    environment: "node",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", TEST_DB: process.env.TEST_DB ?? "postgres" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
