// The import-direction rules of docs/architecture.md (eslint.config.mjs: import/no-restricted-paths,
// no-restricted-imports for drizzle-orm, latchkey/no-cycle = import/no-cycle), run through ESLint's API on planted
// violations, and a check that every entry of the temporary allow-list is still needed.
import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = new Set(["import/no-restricted-paths", "no-restricted-imports", "latchkey/no-cycle"]);

async function boundaryProblems(file: string, code: string, linter: ESLint = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("lint: import directions (docs/architecture.md)", () => {
  it.each([
    ["lib never imports components", "lib/connect/planted.ts", `import { Button } from "@/components/ui";\nexport const x = Button;\n`],
    ["lib never imports app", "lib/connect/planted.ts", `import RootLayout from "@/app/layout";\nexport const x = RootLayout;\n`],
    ["components import no app code but server actions", "components/ui/planted.tsx", `import RootLayout from "@/app/layout";\nexport const x = RootLayout;\n`],
    ["lib/db imports no flow", "lib/db/queries/planted.ts", `import { sealCredential } from "@/lib/vault";\nexport const x = sealCredential;\n`],
    ["lib/db imports no flow (relative path)", "lib/db/queries/planted.ts", `import * as p from "../../providers/types";\nexport const x = p;\n`],
    ["the vault imports no provider", "lib/vault/planted.ts", `import type { ProviderId } from "@/lib/providers/types";\nexport type X = ProviderId;\n`],
    ["providers import no lib/db", "lib/providers/hrworks/planted.ts", `import { getDb } from "@/lib/db";\nexport const x = getDb;\n`],
    ["providers import no drizzle-orm", "lib/providers/hrworks/planted.ts", `import { eq } from "drizzle-orm";\nexport const x = eq;\n`],
    ["the sandbox imports no vault", "lib/sandbox/planted.ts", `import { sealCredential } from "@/lib/vault";\nexport const x = sealCredential;\n`],
    ["the sandbox imports no database", "lib/sandbox/planted.ts", `import { connections } from "@/lib/db/schema";\nexport const x = connections;\n`],
    ["lib/env stays a leaf", "lib/env.ts", `import { newId } from "@/lib/ids";\nexport const x = newId;\n`],
    ["the language list stays a leaf", "lib/i18n/languages.ts", `import { newId } from "@/lib/ids";\nexport const x = newId;\n`],
  ])("flags a planted violation: %s", async (_name, file, code) => {
    expect(await boundaryProblems(file, code)).not.toEqual([]);
  }, 60_000);

  it.each([
    ["app → components → lib", "app/(connect)/planted/page.tsx", `import { Button } from "@/components/ui";\nimport { getEnv } from "@/lib/env";\nexport const x = [Button, getEnv];\n`],
    ["a component calls its route's server actions", "components/demo/planted.tsx", `import * as actions from "@/app/(demo)/demo/actions";\nexport const x = actions;\n`],
    ["lib/db uses configuration, logging, ids, errors and the language list", "lib/db/queries/planted.ts", `import { getEnv } from "@/lib/env";\nimport { getLogger } from "@/lib/log";\nimport { newId } from "@/lib/ids";\nimport { AppError } from "@/lib/errors";\nimport { getDb } from "@/lib/db";\nimport { languages } from "@/lib/i18n/languages";\nexport const x = [getEnv, getLogger, newId, AppError, getDb, languages];\n`],
    ["lib/connections uses the database and the providers", "lib/connections/planted.ts", `import { getDb } from "@/lib/db";\nimport type { ProviderId } from "@/lib/providers/types";\nexport const x = getDb;\nexport type Y = ProviderId;\n`],
    ["a test may set up rows for a provider", "lib/providers/hrworks/planted.int.test.ts", `import { getDb } from "@/lib/db";\nexport const x = getDb;\n`],
  ])("allows %s", async (_name, file, code) => {
    expect(await boundaryProblems(file, code)).toEqual([]);
  }, 60_000);

  describe("no-cycle", () => {
    let dir: string;
    beforeAll(() => {
      // A real pair of files (the rule follows imports on disk and skips files that are not there), removed afterwards.
      dir = fs.mkdtempSync(path.join(root, "lib", "planted-cycle-"));
      fs.writeFileSync(path.join(dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b();\n`);
      fs.writeFileSync(path.join(dir, "b.ts"), `import { a } from "./a";\nexport const b = () => a;\n`);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("flags a planted cycle", async () => {
      const rel = path.relative(root, path.join(dir, "a.ts"));
      expect(await boundaryProblems(rel, fs.readFileSync(path.join(dir, "a.ts"), "utf8"))).toEqual([expect.stringContaining("latchkey/no-cycle")]);
    }, 60_000);
  });

  it("lists in the temporary allow-list only files that exist and still break a rule", async () => {
    const mod = (await import(path.join(root, "eslint.config.mjs"))) as { default: Linter.Config[]; boundaryAllowList: string[] };
    const strict = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: mod.default.filter((c) => c.name !== "latchkey/boundary-allow-list") });
    const stale: string[] = [];
    for (const file of mod.boundaryAllowList) {
      const full = path.join(root, file);
      if (!fs.existsSync(full)) {
        stale.push(`${file} (no longer exists)`);
        continue;
      }
      if ((await boundaryProblems(file, fs.readFileSync(full, "utf8"), strict)).length === 0) stale.push(`${file} (breaks no boundary rule now)`);
    }
    expect(stale, "delete these entries from boundaryAllowList in eslint.config.mjs").toEqual([]);
  }, 120_000);
});
