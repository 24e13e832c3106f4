import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseFlags, UsageError } from "@/scripts/cli/command";
import { commands } from "@/scripts/cli/index";

const root = path.resolve(import.meta.dirname, "../..");

function usageError(name: string, argv: string[]): string {
  try {
    parseFlags(name, commands[name]!, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("CLI flags (node:util parseArgs, strict)", () => {
  it("refuses a misspelt flag and names the known ones", () => {
    expect(usageError("apikey:create", ["--workspace", "acme", "--permisions", "sessions:write"])).toBe(
      "apikey:create: unknown flag --permisions. Known flags: --workspace <value>, --permissions <value>, --name <value>.",
    );
  });

  it("refuses a flag without its value, a value for a switch, and a stray argument", () => {
    expect(usageError("apikey:create", ["--workspace"])).toMatch(/^apikey:create: --workspace needs a value\. Known flags: /);
    expect(usageError("staff:create", ["--email", "a@b.example", "--sso=yes"])).toMatch(/^staff:create: --sso takes no value\. Known flags: .*--sso/);
    expect(usageError("workspace:list", ["acme"])).toBe('workspace:list: unexpected argument "acme" (flags start with --). Known flags: none.');
    expect(usageError("justworks:update", ["--connection", "conn_1", "-a"])).toMatch(/unknown flag -a\./);
  });

  it("parses values, inline values and switches", () => {
    expect(parseFlags("apikey:create", commands["apikey:create"]!, ["--workspace=acme", "--permissions", "sessions:write,connections:read"])).toEqual({
      workspace: "acme",
      permissions: "sessions:write,connections:read",
    });
    expect(parseFlags("staff:create", commands["staff:create"]!, ["--email", "a@b.example", "--role", "admin", "--sso"])).toEqual({ email: "a@b.example", role: "admin", sso: true });
    expect(parseFlags("justworks:update", commands["justworks:update"]!, ["--connection", "conn_1", "--granted", ""])).toEqual({ connection: "conn_1", granted: "" });
  });

  it.each(Object.entries(commands))("%s declares every flag its summary names", (_name, command) => {
    const named = [...command.summary.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!);
    expect(named.filter((f) => !(f in command.flags))).toEqual([]);
  });

  it("stops the command line before it opens anything, with exit code 2", async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ["--import", "tsx", "scripts/cli.ts", "apikey:create", "--workspace", "acme", "--permisions", "x"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("unknown flag --permisions. Known flags: --workspace <value>, --permissions <value>, --name <value>.");
  }, 30_000);
});
