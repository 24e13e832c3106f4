// Builds @latchkey/node: dist/index.js (ES module; openapi-fetch and standardwebhooks stay
// dependencies) and its types, with the generated schema.d.ts copied beside them.
// `npm install` runs this (the root `prepare`).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
execFileSync(process.execPath, [fileURLToPath(import.meta.resolve("typescript/bin/tsc")), "-p", "tsconfig.json"], { cwd: here, stdio: "inherit" });
copyFileSync(`${here}src/schema.d.ts`, `${here}dist/schema.d.ts`);
