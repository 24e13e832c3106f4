// `npm run audit:verify [-- --expect <seq>:<hash>]`: walk the audit log's hash chain and report
// every changed, missing or unchained row (lib/audit.ts). Exit code 0: intact; 1: problems found.
// The last line names the chain's head; keep it somewhere else and pass it as --expect next time,
// so that rows removed from the end are found too.
import { boot } from "@/lib/boot";
import { describeChainProblem, verifyAuditChain } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { readEmbeddedInfo } from "@/lib/db/embedded";
import { ConfigError, getEnv } from "@/lib/env";

const out = (line: string) => process.stdout.write(line + "\n");

function expected(): { seq: number; hash: string } | undefined {
  const i = process.argv.indexOf("--expect");
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith("--expect="))?.slice("--expect=".length);
  if (raw === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(raw);
  if (!m) throw new Error("--expect must be <seq>:<hash>, as printed on the last line of an earlier run");
  return { seq: Number(m[1]), hash: m[2]! };
}

async function main(): Promise<number> {
  const expect = expected();
  const env = getEnv();
  // Embedded database: use the running app's, or open it ourselves.
  const booted = await boot(env.embedded && !readEmbeddedInfo(env.dataDir) ? "migrate" : "worker");
  try {
    const report = await verifyAuditChain(getDb(), { expect });
    for (const p of report.problems) out(`PROBLEM: ${describeChainProblem(p)}`);
    out(
      report.problems.length
        ? `Audit log: ${report.problems.length} problem(s) in ${report.rows} rows.`
        : `Audit log intact: ${report.rows} rows, each hash matches its content and the row before it.`,
    );
    out(`Head: ${report.lastSeq}:${report.lastHash ?? "-"}`);
    return report.problems.length ? 1 : 0;
  } finally {
    await booted.shutdown();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
