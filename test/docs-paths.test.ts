// Every repository path a document or a code comment cites exists: the docs (docs/, README.md,
// examples/**/*.md) and the comments of the source files. A path is a token that starts with one of
// the repository's top-level folders (`lib/vault/seal.ts`, `@/lib/providers`, `docs/security.md`),
// a relative Markdown link target, or a bare upper-case Markdown file name (`SOURCES.md`, which
// must exist somewhere in the repository). Placeholders end a path (`lib/providers/<id>/` is read
// as `lib/providers/`). A path written `~~like/this.ts~~` is deliberately gone and not checked.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
/** The repository's files: git's list (tracked and new, not ignored), else a walk without build output. */
function repositoryFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n");
  } catch {
    const skip = new Set(["node_modules", ".next", ".data", ".git", "test-results", "playwright-report", "artifacts"]);
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        if (skip.has(e.name)) return [];
        const rel = dir ? `${dir}/${e.name}` : e.name;
        return e.isDirectory() ? walk(rel) : [rel];
      });
    return walk("");
  }
}
const tracked = repositoryFiles().filter((f) => f && fs.existsSync(path.join(root, f)));
const basenames = new Set(tracked.map((f) => path.posix.basename(f)));

const TOP = ["app", "components", "lib", "scripts", "bench", "e2e", "test", "examples", "messages", "docs", "drizzle", "public", ".ci"];
// A path: optional "@/", a top-level folder, then path characters (Next's route segments included).
const PATH = new RegExp(`(?<![\\w./@~-])(?:@/)?(?:${TOP.map((t) => t.replace(".", "\\.")).join("|")})/[\\w.\\-/()\\[\\]+]*`, "g");
const BARE_MD = /(?<![\w./~-])[A-Z][A-Z0-9_-]*\.md\b/g;
const MD_LINK = /\]\(([^)\s#]+)(?:#[^)]*)?\)/g;
const STRUCK = /~~[^~\n]+~~/g;

/** Does `p` (repository-relative) name a file or folder, allowing module paths without an extension? */
function exists(p: string): boolean {
  const full = path.join(root, p);
  return [full, `${full}.ts`, `${full}.tsx`, `${full}.mjs`, path.join(full, "index.ts"), path.join(full, "index.tsx")].some((c) => fs.existsSync(c));
}

/** The cited path, or undefined when it exists; trailing prose punctuation is forgiven. */
function missing(raw: string): string | undefined {
  let p = raw.replace(/^@\//, "");
  for (;;) {
    if (exists(p)) return undefined;
    const shorter = p.replace(/[.,;:)\]'"`]$/, "");
    if (shorter === p) return raw;
    p = shorter;
  }
}

function commentsOf(file: string, text: string): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : file.endsWith(".mjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Set<number>();
  const out: string[] = [];
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push(text.slice(r.pos, r.end));
    }
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return out;
}

function citations(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const isDoc = file.endsWith(".md");
  const prose = (isDoc ? [text] : commentsOf(file, text)).map((t) => t.replace(STRUCK, ""));
  const bad: string[] = [];
  for (const t of prose) {
    for (const m of t.matchAll(PATH)) {
      const gone = missing(m[0]);
      if (gone) bad.push(gone);
    }
    for (const m of t.matchAll(BARE_MD)) if (!basenames.has(m[0])) bad.push(m[0]);
    if (isDoc)
      for (const m of t.matchAll(MD_LINK)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith("/")) continue;
        const rel = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        if (!exists(rel)) bad.push(target);
      }
  }
  return [...new Set(bad)].map((b) => `${file}: ${b}`);
}

const docs = tracked.filter((f) => f.endsWith(".md") && (f.startsWith("docs/") || f === "README.md" || f.startsWith("examples/")));
const code = tracked.filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("drizzle/") && !f.startsWith("public/"));

describe("cited repository paths", () => {
  it("finds the documents and the source files", () => {
    expect(docs).toContain("docs/architecture.md");
    expect(code.length).toBeGreaterThan(200);
  });
  it("reads paths the way a reader would: placeholders end a path, ~~struck~~ ones are skipped, punctuation is forgiven", () => {
    expect(missing("lib/providers/")).toBeUndefined();
    expect(missing("@/lib/providers")).toBeUndefined();
    expect(missing("lib/vault/seal.ts).")).toBeUndefined();
    expect(missing("app/(dashboard)/dashboard/_lib/operations.ts")).toBeUndefined();
    expect(missing("lib/handoff/health.ts")).toBe("lib/handoff/health.ts");
    expect("see ~~lib/handoff/health.ts~~ and lib/nowhere.ts".replace(STRUCK, "").match(PATH)).toEqual(["lib/nowhere.ts"]);
    expect("NOTES.md, ../elsewhere/DESIGN.md, test/SOURCES.md".match(BARE_MD)).toEqual(["NOTES.md"]);
    expect(commentsOf("x.ts", 'const a = "lib/x.ts"; // lib/y.ts\n/* lib/z.ts */ const re = /\\/\\//;').join(" ").match(PATH)).toEqual(["lib/y.ts", "lib/z.ts"]);
  });
  it("every path a document cites exists", () => {
    expect(docs.flatMap(citations)).toEqual([]);
  });
  it("every path a code comment cites exists", () => {
    expect(code.flatMap(citations)).toEqual([]);
  });
});
