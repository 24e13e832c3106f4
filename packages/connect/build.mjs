// Builds @latchkey/connect: dist/index.js (the npm package's ES module) and its types, and the two
// files Latchkey serves itself: dist/connect.global.js (/connect.js, a classic script setting
// window.Latchkey) and dist/connect.mjs (/connect.mjs). `npm install` runs this (the root `prepare`).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const banner = "/*! @latchkey/connect (Apache-2.0): Latchkey.openConnect({ token, onSuccess, onClose, onEvent, language }) */";
const common = { absWorkingDir: here, bundle: true, target: "es2019", legalComments: "none", logLevel: "warning" };

export async function buildConnect() {
  rmSync(`${here}dist`, { recursive: true, force: true });
  await build({ ...common, entryPoints: ["src/index.ts"], format: "esm", outfile: "dist/index.js" });
  await build({ ...common, entryPoints: ["src/script.ts"], format: "iife", minify: true, banner: { js: banner }, outfile: "dist/connect.global.js" });
  await build({ ...common, entryPoints: ["src/module.ts"], format: "esm", minify: true, target: "es2020", banner: { js: banner }, outfile: "dist/connect.mjs" });
  execFileSync(process.execPath, [fileURLToPath(import.meta.resolve("typescript/bin/tsc")), "-p", "tsconfig.json"], { cwd: here, stdio: "inherit" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConnect();
