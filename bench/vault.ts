// `npm run bench:vault`: seal and open operations per second on one core, beside the floor measured
// in the same run: a raw node:crypto AES-256-GCM envelope (generate a data key, encrypt the payload,
// wrap the key; to open, unwrap and decrypt: two GCM operations each way) on a 200-byte JSON secret.
// The vault does the same plus associated data, its KeyProvider interface, JSON encoding and the
// Secret wrappers. Informational: openCredential end to end (row read + audit insert) on an
// in-memory PGlite. Ends with one JSON line. Never fails on timing.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setEnvOverrides } from "@/lib/env";
import { decodeValues, encodeValues, openEnvelope, sealEnvelope, type Sealed } from "@/lib/vault/envelope";
import { credentialKind, type CredentialContext } from "@/lib/vault/kinds";
import { LocalKeyProvider } from "@/lib/vault/key-provider";
import { generateKeyringText, parseKeyring } from "@/lib/vault/keyring";

const WINDOW_MS = 1000;
const ROUNDS = 3;
const withDb = !process.argv.includes("--no-db");

const values = { clientId: "papi-7d2f1c9a-4b3e-4f21-9c8d-0a1b2c3d4e5f", clientSecret: "papi-s3cr3t-" + "q".repeat(90), subdomain: "acme-gmbh" };
const payload = encodeValues(values);
const ctx: CredentialContext = { workspaceId: "ws_bench", connectionId: "conn_bench", provider: "personio", version: 1 };
const provider = new LocalKeyProvider(parseKeyring(generateKeyringText("bench")));
const kek = randomBytes(32);

function gcmEncrypt(key: Buffer, plaintext: Buffer) {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv, body, tag: c.getAuthTag() };
}
function gcmDecrypt(key: Buffer, e: { iv: Buffer; body: Buffer; tag: Buffer }) {
  const d = createDecipheriv("aes-256-gcm", key, e.iv, { authTagLength: 16 });
  d.setAuthTag(e.tag);
  return Buffer.concat([d.update(e.body), d.final()]);
}
const floorSeal = () => {
  const dek = randomBytes(32);
  return { payload: gcmEncrypt(dek, payload), key: gcmEncrypt(kek, dek) };
};
const floorSealed = floorSeal();
const floorOpen = () => gcmDecrypt(gcmDecrypt(kek, floorSealed.key), floorSealed.payload);

/** Operations per second: the best of ROUNDS windows (the least disturbed by other processes). */
async function rate(op: () => unknown | Promise<unknown>): Promise<number> {
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < WINDOW_MS) {
      for (let i = 0; i < 200; i++) await op();
      n += 200;
      t = performance.now();
    }
    best = Math.max(best, (n * 1000) / (t - t0));
  }
  return best;
}

async function main() {
  console.log(`payload: ${payload.length} bytes of JSON; ${ROUNDS} windows of ${WINDOW_MS} ms each, best taken; Node ${process.version}`);
  let sealed: Sealed = await sealEnvelope(provider, credentialKind, ctx, payload);
  // Check the vault's round trip before timing it.
  if (decodeValues(await openEnvelope(provider, credentialKind, ctx, sealed)).clientSecret!.reveal() !== values.clientSecret) throw new Error("round trip failed");
  if (!floorOpen().equals(payload)) throw new Error("floor round trip failed");

  // Interleave floor and vault so that both see the same machine load.
  const floorSealPerS = await rate(floorSeal);
  const sealPerS = await rate(async () => {
    sealed = await sealEnvelope(provider, credentialKind, ctx, encodeValues(values));
  });
  const floorOpenPerS = await rate(floorOpen);
  const openPerS = await rate(async () => decodeValues(await openEnvelope(provider, credentialKind, ctx, sealed)));

  const r = (x: number) => Math.round(x);
  const ratio = openPerS / floorOpenPerS;
  const sealRatio = sealPerS / floorSealPerS;
  console.log(`seal:  vault ${r(sealPerS).toLocaleString("en")}/s   floor ${r(floorSealPerS).toLocaleString("en")}/s   ratio ${sealRatio.toFixed(2)}`);
  console.log(`open:  vault ${r(openPerS).toLocaleString("en")}/s   floor ${r(floorOpenPerS).toLocaleString("en")}/s   ratio ${ratio.toFixed(2)} (goal ≥ 0.50)`);

  let openDbPerS: number | undefined;
  if (withDb) openDbPerS = await endToEnd();
  console.log(
    JSON.stringify({
      seal_per_s: r(sealPerS),
      floor_seal_per_s: r(floorSealPerS),
      seal_ratio: Number(sealRatio.toFixed(3)),
      open_per_s: r(openPerS),
      floor_open_per_s: r(floorOpenPerS),
      ratio: Number(ratio.toFixed(3)),
      ...(openDbPerS !== undefined ? { open_credential_pglite_per_s: r(openDbPerS) } : {}),
    }),
  );
}

/** openCredential with its database read and audit insert, on an in-memory embedded database. */
async function endToEnd(): Promise<number> {
  const { startEmbeddedDatabase } = await import("@/lib/db/embedded");
  const { runMigrations } = await import("@/lib/db/migrate");
  const { closeDb, createPool, getDb } = await import("@/lib/db");
  const { connections, workspaces } = await import("@/lib/db/schema");
  const { openCredential, sealCredential } = await import("@/lib/vault/credentials");
  const { setKeyProvider } = await import("@/lib/vault/state");
  const emb = await startEmbeddedDatabase({ dataDir: "/tmp", memory: true });
  try {
    const pool = createPool(emb.url, 2);
    await runMigrations(pool);
    await pool.end();
    setEnvOverrides({ DATABASE_URL: emb.url, LATCHKEY_DEMO: "true", LOG_LEVEL: "silent" });
    setKeyProvider(provider);
    const db = getDb();
    await db.insert(workspaces).values({ id: "ws_bench", slug: "bench", name: "Bench" });
    await db.insert(connections).values({ id: "conn_bench", workspaceId: "ws_bench", endUserId: "u1", provider: "personio" });
    const actor = { type: "system" as const, id: "bench" };
    await sealCredential(db, { workspaceId: "ws_bench", connectionId: "conn_bench", provider: "personio", values, actor });
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 2000) {
      await openCredential(db, { workspaceId: "ws_bench", connectionId: "conn_bench", actor, reason: "benchmark" });
      n++;
    }
    const perS = (n * 1000) / (performance.now() - t0);
    console.log(`openCredential end to end (row read + audit insert, in-memory PGlite): ${Math.round(perS).toLocaleString("en")}/s (informational; the database dominates)`);
    await closeDb();
    return perS;
  } finally {
    await emb.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
