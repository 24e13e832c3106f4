// Every package in package.json is imported by some source file, or listed below with the reason it
// is needed without an import; and every package the sources import is declared (nothing works only
// because another package happened to bring it).
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Declared packages that no source file imports, and why each is still needed. */
const NOT_IMPORTED: Record<string, string> = {
  "react-dom": "peer dependency of next and react: Next.js renders with it",
  tsx: "runs the TypeScript entry points: npm start, worker, latchkey, db:migrate, vault:rewrap, bench:*",
  lighthouse: "bench/wizard.ts runs its CLI (node_modules/lighthouse/cli/index.js) as a child process",
  "typescript-eslint": "peer dependency of eslint-config-next/typescript (the TypeScript lint rules)",
};

const SOURCE_DIRS = ["app", "components", "lib", "scripts", "bench", "e2e", "examples", "test", "messages"];
const ROOT_FILES = /\.(ts|tsx|mjs|js)$/;
const SKIP = new Set(["node_modules", ".next", ".data", ".git", "test-results", "playwright-report", "artifacts", "provider-specs"]);

function sourceFiles(): string[] {
  const out: string[] = fs.readdirSync(root).filter((f) => ROOT_FILES.test(f) && fs.statSync(path.join(root, f)).isFile()).map((f) => path.join(root, f));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|js|cjs)$/.test(entry.name)) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return out;
}

/** The package name of a bare specifier ("@scope/name/sub" → "@scope/name"), or null for paths and aliases. */
function packageOf(specifier: string): string | null {
  // Not a package name at all (e.g. a regular expression's text that looks like an import).
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[^\s]*)?$/i.test(specifier)) return null;
  if (specifier.includes("${") || specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("@/") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function importedPackages(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*|\brequire\.resolve\s*\(\s*)["']([^"'\s]+)["']/g;
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(pattern)) {
      const name = packageOf(m[1]!);
      if (!name || builtinModules.includes(name)) continue;
      const files = found.get(name) ?? [];
      files.push(path.relative(root, file));
      found.set(name, files);
    }
  }
  return found;
}

describe("package.json", () => {
  const imported = importedPackages();
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };

  it("declares only packages that are imported, or needed for a stated reason", () => {
    const unused = Object.keys(declared).filter((name) => {
      if (imported.has(name) || NOT_IMPORTED[name]) return false;
      // A type package counts as used when its package is (or, for @types/node, always).
      const typed = name.match(/^@types\/(.+)$/)?.[1];
      return !(typed && (typed === "node" || imported.has(typed) || NOT_IMPORTED[typed]));
    });
    expect(unused, "remove these from package.json, or add a reason to NOT_IMPORTED").toEqual([]);
  });

  it("gives reasons only for packages that are declared and really not imported", () => {
    for (const name of Object.keys(NOT_IMPORTED)) {
      expect(declared[name], `${name} is not in package.json`).toBeDefined();
      expect(imported.get(name), `${name} is imported now: drop its reason`).toBeUndefined();
    }
  });

  it("declares every package the sources import", () => {
    const undeclared = [...imported.entries()].filter(([name]) => !declared[name]).map(([name, files]) => `${name} (${files[0]})`);
    expect(undeclared).toEqual([]);
  });

  it("keeps test-only packages out of the production dependencies", () => {
    const testOnly = /(^|\/)(test|e2e|bench)\/|\.test\.tsx?$|\.int\.test\.ts$|^lib\/sandbox\/contract\.ts$|^playwright\.config\.ts$|^vitest(\.integration)?\.config\.ts$|^eslint\.config\.mjs$|^examples\//;
    const onlyInTests = Object.keys(pkg.dependencies).filter((name) => {
      const files = imported.get(name);
      return files !== undefined && files.every((f) => testOnly.test(f.split(path.sep).join("/")));
    });
    expect(onlyInTests, "move these to devDependencies").toEqual([]);
  });
});
