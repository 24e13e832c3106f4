// Start-up shared by the app, the worker and the migrate command: configuration, the database
// (embedded or not), migrations, demo data. Errors here stop the process with a clear message.
import type { Logger } from "pino";
import { closeDb, createPool, getDb, getPool } from "@/lib/db";
import { readEmbeddedInfo, startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { grantAppRole, roleFacts } from "@/lib/db/roles";
import { QUEUE_SCHEMA } from "@/lib/queue";
import { ensureDemoWorkspace } from "@/lib/demo";
import { ensureDemoAuthSecret, ensureDemoStaff } from "@/lib/auth/demo";
import { getEnv, setEnvOverrides, type Env } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { initVault } from "@/lib/vault/startup";

export type Booted = {
  env: Env;
  log: Logger;
  embedded?: EmbeddedDatabase;
  /** Extra lines for the start banner (e.g. the demo sign-ins). */
  banner: string[];
  shutdown: () => Promise<void>;
};

export async function boot(role: "app" | "worker" | "migrate"): Promise<Booted> {
  let env = getEnv();
  const log = getLogger();
  let embedded: EmbeddedDatabase | undefined;
  if (env.embedded) {
    const running = readEmbeddedInfo(env.dataDir);
    // Only one process may own a PGlite directory. While the app runs it owns it, so the worker and
    // the command line (`npm run latchkey -- …`, `db:migrate`) use its database through its socket.
    if (role === "worker" || (role === "migrate" && running)) {
      if (!running)
        throw new Error("`npm run worker` needs a database: set DATABASE_URL, or start the app first (it owns the embedded database).");
      setEnvOverrides({ LATCHKEY_EMBEDDED_DATABASE_URL: running.url });
    } else {
      embedded = await startEmbeddedDatabase({ dataDir: env.dataDir, port: env.LATCHKEY_EMBEDDED_DB_PORT });
      setEnvOverrides({ LATCHKEY_EMBEDDED_DATABASE_URL: embedded.url });
      log.info({ dataDir: env.dataDir, port: embedded.port }, "embedded database started");
    }
    env = getEnv();
  }
  // next-auth reads AUTH_SECRET from the environment: in demo mode generate one before Next starts.
  if (env.demo && !env.AUTH_SECRET) {
    // LATCHKEY_DEMO pinned too: with AUTH_SECRET set, a re-read would no longer see "nothing configured".
    setEnvOverrides({ AUTH_SECRET: ensureDemoAuthSecret(env.dataDir), LATCHKEY_DEMO: "true" });
    env = getEnv();
  }
  if (role !== "worker") await migrateAsOwner(env, log);
  if (env.DATABASE_URL) await warnIfAuditUnprotected(log);
  // The keyring is checked before anything serves: malformed keys, or any sealed value (every column of lib/vault/registry.ts) under a key id it lacks, stop start-up.
  if (role !== "migrate") await initVault(env, getDb());
  const banner: string[] = [];
  if (role === "app" && env.demo) {
    await ensureDemoWorkspace(getDb());
    const staff = await ensureDemoStaff(getDb(), env.dataDir);
    banner.push(
      `  Dashboard:        ${env.publicUrl}/dashboard`,
      `    admin:          ${staff.admin.email} / ${staff.admin.password}`,
      `    viewer:         ${staff.viewer.email} / ${staff.viewer.password}`,
    );
  }
  return {
    env,
    log,
    embedded,
    banner,
    shutdown: async () => {
      await closeDb();
      await embedded?.stop();
    },
  };
}

/**
 * Migrations run as the owner role (DATABASE_MIGRATION_URL), which then grants the app's role
 * (DATABASE_URL) what it needs: on audit_log only INSERT and SELECT (lib/db/roles.ts). Without a
 * migration URL they run as the app's role, as before: one role, warned about below.
 */
async function migrateAsOwner(env: Env, log: Logger): Promise<void> {
  if (!env.DATABASE_MIGRATION_URL) {
    await runMigrations(getPool());
    log.info("migrations applied");
    return;
  }
  const owner = createPool(env.DATABASE_MIGRATION_URL, 2);
  try {
    await runMigrations(owner);
    const [ownerFacts, appFacts] = await Promise.all([roleFacts(owner), roleFacts(getPool())]);
    if (ownerFacts.user === appFacts.user) {
      log.warn({ role: appFacts.user }, "DATABASE_MIGRATION_URL and DATABASE_URL use the same role: give the app a role of its own (docs/security.md)");
    } else {
      for (const note of await grantAppRole(owner, appFacts.user, [QUEUE_SCHEMA])) log.warn(note);
    }
    log.info({ owner: ownerFacts.user, app: appFacts.user }, "migrations applied");
  } finally {
    await owner.end();
  }
}

/** The audit trail holds only if the app's role cannot rewrite it: say so loudly when it can. */
async function warnIfAuditUnprotected(log: Logger): Promise<void> {
  const facts = await roleFacts(getPool());
  if (facts.superuser || facts.ownsAuditLog || facts.canChangeAuditLog)
    log.warn(
      { role: facts.user, superuser: facts.superuser, ownsAuditLog: facts.ownsAuditLog },
      "AUDIT TRAIL NOT PROTECTED: the role of DATABASE_URL can change or switch off audit_log. Set DATABASE_MIGRATION_URL to an owner role and DATABASE_URL to a role of its own (docs/security.md).",
    );
}
