// `npm run vault:rewrap [-- --batch-size 200 --pause-ms 0 | --check]`: after a new key was put
// first in LATCHKEY_MASTER_KEYS (or the transit key rotated, or a new KMS key put first in
// LATCHKEY_AWS_KMS_KEY_IDS: docs/vault-key-providers.md), re-wrap every data key under it (every sealed column of
// lib/vault/registry.ts: credentials, webhook signing secrets, …), online and in batches. Safe to
// interrupt and run again: it resumes where the keys still differ and never wraps twice.
import { boot } from "@/lib/boot";
import { recordAudit, systemActor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { readEmbeddedInfo } from "@/lib/db/embedded";
import { ConfigError, getEnv } from "@/lib/env";
import { plural } from "@/lib/vault/column";
import { sealedColumns } from "@/lib/vault/registry";
import { rewrapAll } from "@/lib/vault/rewrap";
import { initVault } from "@/lib/vault/startup";

const out = (line: string) => process.stdout.write(line + "\n");
const fmt = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([id, n]) => `"${id}" ${n}`)
    .join(", ") || "none";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

async function main() {
  const batchSize = flag("batch-size", 200);
  const pauseMs = flag("pause-ms", 0);
  const env = getEnv();
  // Embedded database: use the running app's (the rewrap is online), or open it ourselves.
  const booted = await boot(env.embedded && !readEmbeddedInfo(env.dataDir) ? "migrate" : "worker");
  try {
    const db = getDb();
    const provider = await initVault(booted.env, db);
    const active = provider.activeKeyId();
    out(`Vault rewrap: active key "${active}"; keyring: ${provider.keyIds().map((k) => `"${k}"`).join(", ")} (${provider.name} key provider).`);
    if (process.argv.includes("--check")) {
      const stale = new Set<string>();
      for (const column of sealedColumns) {
        const counts = await column.countByKek(db);
        out(`Sealed ${column.noun[1].replace(/^stored /, "")} per key: ${fmt(counts)}.`);
        for (const k of Object.keys(counts)) if (k !== active) stale.add(k);
      }
      out(stale.size ? `Not yet under the active key: ${[...stale].map((k) => `"${k}"`).join(", ")}. Run \`npm run vault:rewrap\`.` : "Every sealed value is under the active key.");
      return;
    }
    const t0 = performance.now();
    const summary = await rewrapAll(db, provider, {
      batchSize,
      pauseMs,
      onBatch: (b, i) => out(`batch ${i}: ${b.column}: ${b.rewrapped} rewrapped, ${b.changedMeanwhile} changed meanwhile, ${b.failures.length} failed`),
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    out(`Before: ${fmt(summary.before)}.`);
    out(
      `Done in ${secs} s: ${summary.rewrapped} rewrapped, ${summary.changedMeanwhile} changed meanwhile (already current), ${summary.failures.length} failed, in ${summary.batches} batch${summary.batches === 1 ? "" : "es"}.`,
    );
    out(`After: ${fmt(summary.after)}.`);
    for (const column of sealedColumns) {
      const counts = summary.afterByColumn[column.name] ?? {};
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      out(`  ${plural(column, n)}: ${fmt(counts)}.`);
    }
    for (const f of summary.failures) out(`  failed: ${f.column} ${f.id} (of ${f.owner}, key "${f.kekId}"): ${f.problem}`);
    const removable = provider.keyIds().filter((k) => k !== active && !summary.after[k]);
    if (removable.length && !summary.failures.length)
      out(`No sealed value uses ${removable.map((k) => `"${k}"`).join(", ")} any more: ${provider.retireHint?.(removable) ?? "it can be retired."}`);
    await recordAudit(db, {
      actor: systemActor,
      action: "vault.rewrapped",
      details: { activeKeyId: active, before: summary.before, after: summary.after, rewrapped: summary.rewrapped, changedMeanwhile: summary.changedMeanwhile, failed: summary.failures.length },
    });
    if (summary.failures.length) process.exitCode = 1;
  } finally {
    await booted.shutdown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
