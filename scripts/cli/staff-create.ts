// `npm run latchkey -- staff:create --email a@b.c --role admin|viewer [--name "…"] [--prompt] [--sso] [--reset]`
// Creates a dashboard account. The password is generated and printed once, or read from stdin
// with --prompt (typed, or piped: `echo … | npm run latchkey -- staff:create … --prompt`).
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { recordAudit, systemActor } from "@/lib/audit";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { getDb } from "@/lib/db";
import { getStaffByEmail, insertStaff, updateStaffPassword, staffRoles } from "@/lib/db/queries/staff";
import { defineCommand } from "@/scripts/cli/command";

const flagsSchema = z.object({
  email: z.string({ message: "--email is required" }).trim().email("--email must be an e-mail address"),
  role: z.enum(staffRoles, { message: "--role must be admin or viewer" }),
  name: z.string().trim().max(200).optional(),
});

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    const answer = await rl.question(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
    return answer.trim();
  } finally {
    rl.close();
  }
}

export const staffCreate = defineCommand({
  summary: "Create a dashboard account: --email … --role admin|viewer [--name …] [--prompt | --sso] [--reset]",
  flags: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, prompt: { type: "boolean" }, sso: { type: "boolean" }, reset: { type: "boolean" } },
  async run(flags) {
    const parsed = flagsSchema.safeParse(flags);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("\n"));
    const { email, role, name } = parsed.data;
    const sso = flags.sso === true;
    if (sso && flags.prompt) throw new Error("Give --prompt or --sso, not both: an account with single sign-on has no password");
    let password: string | null = null;
    if (!sso) {
      password = flags.prompt ? await readPassword() : generatePassword();
      if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    const db = getDb();
    const passwordHash = password ? await hashPassword(password) : null;
    const existing = await getStaffByEmail(db, email);
    let id: string;
    if (existing) {
      if (!flags.reset) throw new Error(`${email} already has an account. Add --reset to set a new password and role.`);
      if (passwordHash) await updateStaffPassword(db, existing.id, passwordHash, role);
      id = existing.id;
    } else {
      id = (await insertStaff(db, { email, name, role, passwordHash })).id;
    }
    await recordAudit(db, {
      actor: systemActor,
      action: existing ? "staff.reset" : "staff.created",
      target: { type: "staff", id },
      details: { role, via: "cli", sso },
    });
    process.stdout.write(`${existing ? "Updated" : "Created"} ${role} ${email}.\n`);
    if (password && !flags.prompt) process.stdout.write(`Password (shown once): ${password}\n`);
    if (sso) process.stdout.write("No password: this account signs in with single sign-on (AUTH_OIDC_*).\n");
  },
});
