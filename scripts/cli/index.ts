// One line per command; each command lives in its own file beside this one.
export type Command = { summary: string; run: (flags: Record<string, string>) => Promise<void> };

export const commands: Record<string, Command> = {};
