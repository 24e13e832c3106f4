// Builds @latchkey/react: dist/index.js (ES module, "use client", react and @latchkey/connect kept
// external) and its types. `npm install` runs this (the root `prepare`), after @latchkey/connect.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: ["src/index.tsx"],
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  target: "es2019",
  jsx: "automatic",
  external: ["react", "react/jsx-runtime", "@latchkey/connect"],
  banner: { js: '"use client";' },
  logLevel: "warning",
});
execFileSync(process.execPath, [fileURLToPath(import.meta.resolve("typescript/bin/tsc")), "-p", "tsconfig.json"], { cwd: here, stdio: "inherit" });
