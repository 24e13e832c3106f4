// latchkey/no-postmessage-star-origin (eslint.config.mjs), run through ESLint's API on sample files.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function starProblems(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, "lib/connect/sample.ts") });
  return result!.messages.filter((m) => m.ruleId === "latchkey/no-postmessage-star-origin").map((m) => m.message);
}

describe("lint: postMessage names its target origin", () => {
  it.each([
    `window.parent.postMessage({ type: "x" }, "*");\n`,
    "parent.postMessage(1, `*`);\n",
    `window.opener?.postMessage("x", { targetOrigin: "*" });\n`,
    `postMessage("x", "*");\n`,
  ])("case 20: flags %s", async (code) => {
    expect(await starProblems(`export {};\n${code}`)).toHaveLength(1);
  }, 60_000);

  // The code base itself: `npm run lint` applies the rule to every file.
  it("case 20: allows a named origin", async () => {
    expect(await starProblems(`export {};\nconst origin = "https://a.example";\nwindow.parent.postMessage({ type: "x" }, origin);\nwindow.parent.postMessage(1, "https://a.example");\n`)).toEqual([]);
  }, 60_000);
});
