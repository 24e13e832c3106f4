// `npm run latchkey -- <command> [--flag value …]`: administration from the command line.
import { boot } from "@/lib/boot";
import { ConfigError } from "@/lib/env";
import { parseFlags, UsageError } from "@/scripts/cli/command";
import { commands } from "@/scripts/cli/index";

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stdout.write("Usage: npm run latchkey -- <command> [--flag value …]\n\nCommands:\n");
    for (const [n, c] of Object.entries(commands)) process.stdout.write(`  ${n.padEnd(22)} ${c.summary}\n`);
    process.exit(name ? 2 : 0);
  }
  // Flags first: a misspelt flag stops here, before anything is opened or changed.
  const flags = parseFlags(name!, command, rest);
  const booted = await boot("migrate");
  try {
    await command.run(flags);
  } finally {
    await booted.shutdown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
