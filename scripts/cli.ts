// `npm run latchkey -- <command> [--flag value …]`: administration from the command line.
import { boot } from "@/lib/boot";
import { ConfigError } from "@/lib/env";
import { commands } from "@/scripts/cli/index";

function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) continue;
    const [k, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
    flags[k] = inline ?? (argv[i + 1] && !argv[i + 1]!.startsWith("--") ? argv[++i]! : "true");
  }
  return flags;
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stdout.write("Usage: npm run latchkey -- <command> [--flag value …]\n\nCommands:\n");
    for (const [n, c] of Object.entries(commands)) process.stdout.write(`  ${n.padEnd(22)} ${c.summary}\n`);
    process.exit(name ? 2 : 0);
  }
  const booted = await boot("migrate");
  try {
    await command.run(parseFlags(rest));
  } finally {
    await booted.shutdown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
