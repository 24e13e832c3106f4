// Two database roles: the owner runs migrations (DATABASE_MIGRATION_URL) and owns every table; the
// app (DATABASE_URL) reads and writes rows, and on audit_log may only INSERT and SELECT. Being no
// owner, the app's role can neither disable the audit triggers nor change or delete a row, so the
// trail cannot be switched off from inside the app (issue 14, case 37).
import pg from "pg";

export type RoleFacts = { user: string; superuser: boolean; ownsAuditLog: boolean; canChangeAuditLog: boolean };

/** Who a connection is, and whether that role could rewrite the audit log. */
export async function roleFacts(db: pg.Pool | pg.Client): Promise<RoleFacts> {
  const r = await db.query<{ user: string; superuser: boolean; owns: boolean | null; change: boolean | null }>(
    `select current_user as user,
            (select rolsuper from pg_roles where rolname = current_user) as superuser,
            (select pg_has_role(current_user, c.relowner, 'USAGE') from pg_class c where c.oid = to_regclass('public.audit_log')) as owns,
            (select has_table_privilege(current_user, 'public.audit_log', 'UPDATE') or has_table_privilege(current_user, 'public.audit_log', 'DELETE')
               where to_regclass('public.audit_log') is not null) as change`,
  );
  const row = r.rows[0]!;
  return { user: row.user, superuser: row.superuser, ownsAuditLog: row.owns === true, canChangeAuditLog: row.change === true };
}

/**
 * Run by the owner after migrating: give the app's role what it needs and nothing on audit_log
 * beyond INSERT and SELECT. Idempotent (every start runs it, so tables added later are covered).
 * `extraSchemas`: schemas the app's own components create and own (pg-boss's), for which the app
 * needs CREATE on the database the first time.
 */
export async function grantAppRole(owner: pg.Pool | pg.Client, appRole: string, extraSchemas: readonly string[] = []): Promise<string[]> {
  const app = pg.escapeIdentifier(appRole);
  const notes: string[] = [];
  await owner.query(`grant usage on schema public to ${app}`);
  await owner.query(`grant select, insert, update, delete on all tables in schema public to ${app}`);
  await owner.query(`revoke update, delete, truncate, references, trigger on public.audit_log from ${app}`);
  await owner.query(`grant usage, select, update on all sequences in schema public to ${app}`);
  const drizzleSchema = await owner.query(`select 1 from pg_namespace where nspname = 'drizzle'`);
  if (drizzleSchema.rowCount) {
    // Read-only: the start-up banner and health check compare applied migrations with drizzle/.
    await owner.query(`grant usage on schema drizzle to ${app}`);
    await owner.query(`grant select on all tables in schema drizzle to ${app}`);
  }
  for (const schema of extraSchemas) {
    const s = await owner.query<{ owner: string }>(`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = $1`, [schema]);
    if (!s.rowCount) {
      try {
        // The app creates that schema itself (and owns it) on its first start.
        await owner.query(`grant create on database ${pg.escapeIdentifier(await currentDatabase(owner))} to ${app}`);
      } catch {
        notes.push(`The role of DATABASE_URL cannot create the schema "${schema}" and the migration role may not allow it: create it once with "create schema ${schema} authorization ${appRole}".`);
      }
    } else if (s.rows[0]!.owner !== appRole) {
      notes.push(`The schema "${schema}" belongs to "${s.rows[0]!.owner}", not to the role of DATABASE_URL ("${appRole}"): run "alter schema ${schema} owner to ${appRole}" (and the same for its tables) once.`);
    }
  }
  return notes;
}

async function currentDatabase(db: pg.Pool | pg.Client): Promise<string> {
  const r = await db.query<{ db: string }>("select current_database() as db");
  return r.rows[0]!.db;
}
