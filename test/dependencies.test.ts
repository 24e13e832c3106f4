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
  "@latchkey/connect": "the app serves its built files as /connect.js and /connect.mjs (lib/connect/embed-script.ts)",
  "react-dom": "peer dependency of next and react: Next.js renders with it",
  tsx: "runs the TypeScript entry points: npm start, worker, latchkey, db:migrate, vault:rewrap, bench:*",
  lighthouse: "bench/wizard.ts runs its CLI (node_modules/lighthouse/cli/index.js) as a child process",
  "typescript-eslint": "peer dependency of eslint-config-next/typescript (the TypeScript lint rules)",
};

const SOURCE_DIRS = ["app", "components", "lib", "scripts", "bench", "e2e", "examples", "test", "messages", "packages"];
const ROOT_FILES = /\.(ts|tsx|mjs|js)$/;
const SKIP = new Set(["node_modules", ".next", ".data", ".git", "test-results", "playwright-report", "artifacts", "provider-specs", "dist"]);

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

/** A workspace package's own source (packages/<name>/src, tests aside): checked against its own package.json. */
const packageSource = (file: string) => /^packages\/[^/]+\/src\//.test(file) && !/\.test\.tsx?$/.test(file);

function importedPackages(filter: (relativeFile: string) => boolean = (f) => !packageSource(f)): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*|\brequire\.resolve\s*\(\s*)["']([^"'\s]+)["']/g;
  for (const file of sourceFiles()) {
    if (!filter(path.relative(root, file).split(path.sep).join("/"))) continue;
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

const TEST_ONLY = /(^|\/)(test|e2e|bench)\/|\.test\.tsx?$|\.int\.test\.ts$|^lib\/sandbox\/contract\.ts$|^playwright\.config\.ts$|^vitest(\.integration)?\.config\.ts$|^eslint\.config\.mjs$|^examples\/|^packages\/[^/]+\/(build\.mjs|generate\.ts)$/;

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

  it("gives reasons only for packages that are declared and really not imported (tests aside)", () => {
    for (const name of Object.keys(NOT_IMPORTED)) {
      expect(declared[name], `${name} is not in package.json`).toBeDefined();
      expect(imported.get(name)?.filter((f) => !TEST_ONLY.test(f.split(path.sep).join("/"))) ?? [], `${name} is imported now: drop its reason`).toEqual([]);
    }
  });

  it("declares every package the sources import", () => {
    const undeclared = [...imported.entries()].filter(([name]) => !declared[name]).map(([name, files]) => `${name} (${files[0]})`);
    expect(undeclared).toEqual([]);
  });

  it("keeps test-only packages out of the production dependencies", () => {
    const onlyInTests = Object.keys(pkg.dependencies).filter((name) => {
      const files = imported.get(name);
      return !NOT_IMPORTED[name] && files !== undefined && files.every((f) => TEST_ONLY.test(f.split(path.sep).join("/")));
    });
    expect(onlyInTests, "move these to devDependencies").toEqual([]);
  });

  it("each workspace package (packages/*) declares what its own sources import", () => {
    for (const dir of fs.readdirSync(path.join(root, "packages"))) {
      const own = JSON.parse(fs.readFileSync(path.join(root, "packages", dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
      const allowed = { ...own.dependencies, ...own.peerDependencies };
      const used = importedPackages((f) => f.startsWith(`packages/${dir}/src/`) && packageSource(f));
      const undeclared = [...used.keys()].filter((name) => !allowed[name]);
      expect([dir, undeclared]).toEqual([dir, []]);
      // …and nothing it does not use (type-only packages aside).
      expect([dir, Object.keys(own.dependencies ?? {}).filter((name) => !used.has(name))]).toEqual([dir, []]);
    }
  });
});
