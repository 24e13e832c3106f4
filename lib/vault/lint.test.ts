// The lint rule that keeps lib/vault out of client code, run through ESLint's API on sample files.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function vaultProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => /vault/i.test(m.message)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("lint: lib/vault stays out of client code", () => {
  it.each([
    ["app/(connect)/x/form.tsx", `"use client";\nimport { openCredential } from "@/lib/vault";\nexport const f = openCredential;\n`],
    ["app/(connect)/x/form.tsx", `"use client";\nimport { Secret } from "@/lib/vault/secret";\nexport const f = Secret;\n`],
    ["lib/connect/widget.tsx", `"use client";\nimport { Secret } from "../vault";\nexport const f = Secret;\n`],
    ["lib/connect/widget.tsx", `"use client";\nexport const f = () => import("@/lib/vault");\n`],
    ["components/connect/fields.tsx", `import { Secret } from "@/lib/vault";\nexport const f = Secret;\n`],
    ["app/api/v1/x/route.ts", `import { openCredential } from "@/lib/vault/credentials";\nexport const f = openCredential;\n`],
  ])("case 15: flags %s", async (file, code) => {
    expect(await vaultProblems(file, code)).not.toEqual([]);
  }, 60_000);

  it("allows server code to import @/lib/vault", async () => {
    expect(await vaultProblems("app/api/v1/x/route.ts", `import { openCredential } from "@/lib/vault";\nexport const f = openCredential;\n`)).toEqual([]);
    expect(await vaultProblems("lib/connections/save.ts", `import { sealCredential } from "@/lib/vault";\nexport const f = sealCredential;\n`)).toEqual([]);
  }, 60_000);
});
