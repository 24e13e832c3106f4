// The case table of docs/security.md is the suite's index: it must name every case once, give each a
// verdict, and name tests that exist under those names and carry the case's number.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CASE_COUNT, caseNumbersOf, readCaseTable, ROOT, SECURITY_DOC, VERDICTS } from "@/test/security/cases";

const rows = readCaseTable();

describe("the case table in docs/security.md", () => {
  it("case table: names every case from 01 to 40 once, each with a verdict", () => {
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: CASE_COUNT }, (_, i) => i + 1));
    for (const r of rows) {
      expect(VERDICTS, `case ${r.number}`).toContain(r.verdict);
      expect(r.title.length, `case ${r.number}`).toBeGreaterThan(10);
      if (r.verdict === "pass") expect(r.tests.length, `case ${r.number} passes by which test?`).toBeGreaterThan(0);
      else expect(r.note.length, `case ${r.number} is ${r.verdict}: why?`).toBeGreaterThan(20);
    }
    const count = (v: string) => rows.filter((r) => r.verdict === v).length;
    const summary = fs.readFileSync(path.join(ROOT, SECURITY_DOC), "utf8");
    expect(summary).toContain(`Verdicts: **pass** ${count("pass")}, **open** ${count("open")}`);
    expect(summary).toContain(`**n.a.** ${count("n.a.")}.`);
  });

  it("case table: every test it names exists under that name and carries the case's number", () => {
    for (const r of rows) {
      for (const t of r.tests) {
        const file = path.join(ROOT, t.file);
        expect(fs.existsSync(file), `case ${r.number}: ${t.file}`).toBe(true);
        const text = fs.readFileSync(file, "utf8");
        expect(t.names.length, `case ${r.number}: ${t.file} names no test`).toBeGreaterThan(0);
        for (const name of t.names) {
          expect(text.includes(name), `case ${r.number}: no test "${name}" in ${t.file}`).toBe(true);
          expect(caseNumbersOf(name), `case ${r.number}: "${name}"`).toContain(r.number);
        }
      }
    }
  });
});
