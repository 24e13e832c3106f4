// The ES-module form of public/connect.js, built from the same factory so the two cannot differ.
import "server-only";
import fs from "node:fs";
import path from "node:path";

let cached: string | undefined;

export function connectScriptSource(): string {
  return fs.readFileSync(path.join(process.cwd(), "public", "connect.js"), "utf8");
}

export function connectModuleSource(source = connectScriptSource()): string {
  const start = source.indexOf("/*factory:start*/");
  const end = source.indexOf("/*factory:end*/");
  if (start < 0 || end < start) throw new Error("public/connect.js lacks its factory markers");
  const factory = source.slice(start + "/*factory:start*/".length, end).trim();
  return [
    "/*! Latchkey connect.mjs v1: import { openConnect } from \"<latchkey>/connect.mjs\" */",
    `const factory = ${factory};`,
    "const Latchkey = factory(import.meta.url);",
    "export const openConnect = Latchkey.openConnect;",
    "export const close = Latchkey.close;",
    "export default Latchkey;",
    "",
  ].join("\n");
}

export function cachedConnectModule(): string {
  cached ??= connectModuleSource();
  return cached;
}
