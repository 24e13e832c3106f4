// The index of the 40 adversarial cases is the table in docs/security.md: one row per case with its
// verdict and the tests that prove it (`file` "test name"; …). `npm run test:security`
// (vitest.security.config.ts) reads the files to run from it, and test/security/case-table.security.ts
// checks that it stays true: every case has a row, every test it names exists under that name.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SECURITY_DOC = "docs/security.md";
export const CASE_COUNT = 40;
export const VERDICTS = ["pass", "n.a.", "open"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type CaseTest = { file: string; names: string[] };
export type CaseRow = { number: number; title: string; verdict: string; note: string; tests: CaseTest[] };

/** A row: `| 07 | title | pass | `file` "name"; "name" · `file2` "name" | note |`. */
const ROW = /^\|\s*(\d{2})\s*\|(.*)\|\s*$/;

export function readCaseTable(text = fs.readFileSync(path.join(ROOT, SECURITY_DOC), "utf8")): CaseRow[] {
  const start = text.indexOf("## The 40 adversarial cases");
  if (start < 0) throw new Error(`${SECURITY_DOC} has no "## The 40 adversarial cases" section`);
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const rows: CaseRow[] = [];
  for (const line of section.split("\n")) {
    const m = ROW.exec(line);
    if (!m) continue;
    // Cells never contain a "|": one would shift the columns.
    const [title = "", verdict = "", testCell = "", note = ""] = m[2]!.split("|").map((c) => c.trim());
    const tests: CaseTest[] = [];
    for (const part of testCell.split(" · ")) {
      const file = /`([^`]+\.tsx?)`/.exec(part)?.[1];
      if (!file) continue;
      tests.push({ file, names: [...part.matchAll(/"([^"]+)"/g)].map((n) => n[1]!) });
    }
    rows.push({ number: Number(m[1]), title, verdict, note, tests });
  }
  return rows;
}

/** Files Vitest runs for the suite (Playwright's e2e/*.spec.ts run in `npm run test:e2e`). */
export function vitestCaseFiles(rows = readCaseTable()): string[] {
  return [...new Set(rows.flatMap((r) => r.tests.map((t) => t.file)).filter((f) => !f.startsWith("e2e/")))].sort();
}

/** The numbers a test's name carries: "case 07: …", "case 02, 03: …". */
export function caseNumbersOf(testName: string): number[] {
  const m = /\bcase (\d{2}(?:, \d{2})*)\b/.exec(testName);
  return m ? m[1]!.split(", ").map(Number) : [];
}
