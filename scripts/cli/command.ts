// A command's flags, declared once and parsed by node:util parseArgs in strict mode: a misspelt
// flag (--permisions) is an error that names the flags the command knows, never silently ignored.
import { parseArgs } from "node:util";

export type FlagSpec = { type: "string" | "boolean" };
type FlagSpecs = Record<string, FlagSpec>;
export type FlagValues<O extends FlagSpecs> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

export type Command = {
  summary: string;
  flags: FlagSpecs;
  run: (flags: Record<string, string | boolean | undefined>) => Promise<void>;
};

/** A command whose `run` sees exactly its declared flags, typed (string or boolean). */
export function defineCommand<O extends FlagSpecs>(command: { summary: string; flags: O; run: (flags: FlagValues<O>) => Promise<void> }): Command {
  return command as unknown as Command;
}

export class UsageError extends Error {}

function known(flags: FlagSpecs): string {
  const names = Object.entries(flags).map(([name, spec]) => (spec.type === "string" ? `--${name} <value>` : `--${name}`));
  return names.length ? names.join(", ") : "none";
}

/** Parses `argv` against the command's flags; every mistake is a UsageError that says what is known. */
export function parseFlags(commandName: string, command: Command, argv: string[]): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options: command.flags, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw e;
    const message = (e as Error).message;
    const quoted = (/'([^']*)'/.exec(message)?.[1] ?? "").split(" ")[0]!;
    const what =
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? `unknown flag ${quoted}`
        : code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL"
          ? `unexpected argument "${quoted}" (flags start with --)`
          : code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
            ? /does not take an argument/.test(message)
              ? `${quoted} takes no value`
              : `${quoted} needs a value`
            : message;
    throw new UsageError(`${commandName}: ${what}. Known flags: ${known(command.flags)}.`);
  }
}
