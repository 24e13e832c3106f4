// `npm run latchkey -- staff:create --email a@b.c --role admin|support|viewer [--workspaces all|<id|slug>,…] [--name "…"] [--prompt] [--sso] [--reset]`
// Creates a dashboard account, seeing and acting on the workspaces named (default: all). The password is generated and printed once, or read from stdin
// with --prompt (typed, or piped: `echo … | npm run latchkey -- staff:create … --prompt`).
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { recordAudit, systemActor } from "@/lib/audit";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { changeStaffAccess, StaffAccessError } from "@/lib/auth/staff-access";
import { getDb } from "@/lib/db";
import { getStaffByEmail, insertStaff, updateStaffPassword, staffRoles, type WorkspaceScope } from "@/lib/db/queries/staff";
import { getWorkspace } from "@/lib/db/queries/workspaces";
import type { DbOrTx } from "@/lib/db";
import { defineCommand } from "@/scripts/cli/command";

const flagsSchema = z.object({
  email: z.string({ message: "--email is required" }).trim().email("--email must be an e-mail address"),
  role: z.enum(staffRoles, { message: `--role must be one of ${staffRoles.join(", ")}` }),
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

/** `all` (or nothing): every workspace; else workspace ids or slugs, comma-separated, each checked. */
export async function parseWorkspaceScope(db: DbOrTx, raw: string | undefined): Promise<WorkspaceScope> {
  const value = raw?.trim();
  if (!value || value === "all") return null;
  const ids: string[] = [];
  for (const entry of value.split(",").map((x) => x.trim()).filter(Boolean)) {
    const ws = await getWorkspace(db, entry);
    if (!ws) throw new Error(`--workspaces: no workspace "${entry}" (see workspace:list), or give "all"`);
    if (!ids.includes(ws.id)) ids.push(ws.id);
  }
  if (!ids.length) throw new Error('--workspaces: name at least one workspace, or give "all"');
  return ids;
}

export const staffCreate = defineCommand({
  summary: `Create a dashboard account: --email … --role ${staffRoles.join("|")} [--workspaces all|<id|slug>,…] [--name …] [--prompt | --sso] [--reset]`,
  flags: {
    email: { type: "string" },
    role: { type: "string" },
    workspaces: { type: "string" },
    name: { type: "string" },
    prompt: { type: "boolean" },
    sso: { type: "boolean" },
    reset: { type: "boolean" },
  },
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
    const workspaceIds = await parseWorkspaceScope(db, flags.workspaces);
    const passwordHash = password ? await hashPassword(password) : null;
    const existing = await getStaffByEmail(db, email);
    let id: string;
    if (existing) {
      if (!flags.reset) throw new Error(`${email} already has an account. Add --reset to set a new password and role.`);
      // Role and workspaces through the dashboard's own operation (lib/auth/staff-access.ts), as the
      // operator (every workspace); --reset keeps the account's workspaces unless --workspaces names new ones.
      await db.transaction(async (tx) => {
        await changeStaffAccess(tx, { actor: systemActor, scope: null, via: "cli" }, existing.id, {
          role,
          workspaceIds: flags.workspaces ? workspaceIds : (existing.workspaceIds ?? null),
        }).catch((e: unknown) => {
          throw e instanceof StaffAccessError ? new Error(e.message) : e;
        });
        await updateStaffPassword(tx, existing.id, passwordHash);
      });
      id = existing.id;
    } else {
      id = (await insertStaff(db, { email, name, role, passwordHash, workspaceIds })).id;
    }
    await recordAudit(db, {
      actor: systemActor,
      action: existing ? "staff.reset" : "staff.created",
      target: { type: "staff", id },
      details: { role, workspaceIds, via: "cli", sso },
    });
    const scope = existing && !flags.workspaces ? existing.workspaceIds : workspaceIds;
    process.stdout.write(`${existing ? "Updated" : "Created"} ${role} ${email}, workspaces: ${scope ? scope.join(", ") : "all"}.\n`);
    if (password && !flags.prompt) process.stdout.write(`Password (shown once): ${password}\n`);
    if (sso) process.stdout.write("No password: this account signs in with single sign-on (AUTH_OIDC_*).\n");
  },
});
