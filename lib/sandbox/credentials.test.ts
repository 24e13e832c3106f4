import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getProvider } from "@/lib/providers/index";
import { listSandboxCredentials } from "@/lib/sandbox/credentials";

describe("documented sandbox credentials", () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  for (const id of ["hrworks", "personio"] as const) {
    it(`${id}: every credential is valid for its form and listed in the README`, () => {
      const def = getProvider(id)!;
      const list = listSandboxCredentials(id);
      expect(list.length).toBeGreaterThanOrEqual(10);
      for (const c of list) {
        expect(def.fields.safeParse(c.values).success, c.label).toBe(true);
        expect(c.description.length).toBeGreaterThan(10);
        const row = readme.split("\n").find((l) => Object.values(c.values).every((v) => l.includes("`" + v + "`")));
        expect(row, `README row for ${id} “${c.label}”`).toBeDefined();
        expect(row).toContain(c.expect.outcome);
      }
    });
  }
});
