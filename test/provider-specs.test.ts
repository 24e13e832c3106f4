// The vendored provider specifications (test/provider-specs) are the providers' files byte for
// byte (the one file we wrote ourselves, personio-v2-from-facts.openapi.yaml, says so there), each
// listed with its source and checksum in SOURCES.md.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { specsDir } from "@/lib/sandbox/contract";

const dir = path.resolve(import.meta.dirname, "provider-specs");
const sources = fs.readFileSync(path.join(dir, "SOURCES.md"), "utf8");
const specs = fs.readdirSync(dir).filter((f) => f !== "SOURCES.md");

describe("test/provider-specs", () => {
  it("is where the contract tests read the specifications, inside the repository", () => {
    expect(path.resolve(specsDir())).toBe(dir);
  });

  it.each(specs)("lists %s in SOURCES.md with its sha256", (file) => {
    const sha = createHash("sha256").update(fs.readFileSync(path.join(dir, file))).digest("hex");
    const row = sources.split("\n").find((line) => line.startsWith(`| \`${file}\` |`));
    expect(row, `${file} has no row in SOURCES.md`).toBeDefined();
    expect(row).toContain(sha);
  });

  it("has every file SOURCES.md lists", () => {
    const listed = [...sources.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual([...specs].sort());
  });
});
