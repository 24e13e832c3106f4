// Webhook signing secrets (`whsec_…`, Standard Webhooks format), sealed like every other value
// (lib/vault/seal.ts) under the webhook-secret kind. An endpoint keeps them in one JSON array
// (`webhook_endpoints.secrets`): the newest signs, older ones keep signing until their rotation
// overlap ends. Each entry's `sealed` is one opaque string: JSON of the envelope's parts in base64.
// This file also registers that column (count per key, rewrap, no shred: deleting an endpoint
// deletes its row). Importable without "server-only": the delivery worker runs outside Next.js.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { failureOf, type ColumnBatch, type SealedColumn } from "@/lib/vault/column";
import { rewrapDataKey, type Sealed } from "@/lib/vault/envelope";
import { VaultError } from "@/lib/vault/errors";
import { webhookSecretKind, type WebhookSecretContext } from "@/lib/vault/kinds";
import { open, seal } from "@/lib/vault/seal";
import { Secret } from "@/lib/vault/secret";

export type { WebhookSecretContext };

/** The stored form since webhook secrets were first sealed (v1); the vault reads and writes only it. */
type StoredV1 = { v: 1; k: string; w: string; i: string; t: string; c: string };
type Entry = { id: string; sealed: string; createdAt: string; expiresAt?: string };

const encode = (s: Sealed): string =>
  JSON.stringify({
    v: 1,
    k: s.kekId,
    w: s.wrappedKey.toString("base64"),
    i: s.iv.toString("base64"),
    t: s.tag.toString("base64"),
    c: s.ciphertext.toString("base64"),
  } satisfies StoredV1);

function decode(sealed: string, ctx: WebhookSecretContext): Sealed {
  let s: Partial<StoredV1>;
  try {
    s = JSON.parse(sealed) as Partial<StoredV1>;
  } catch {
    s = {};
  }
  if (s.v !== 1 || typeof s.k !== "string" || ![s.w, s.i, s.t, s.c].every((x) => typeof x === "string"))
    throw new VaultError("integrity", "internal_error", `${webhookSecretKind.describe(ctx)} is not in a stored format this version reads.`);
  return { kekId: s.k, wrappedKey: Buffer.from(s.w!, "base64"), iv: Buffer.from(s.i!, "base64"), tag: Buffer.from(s.t!, "base64"), ciphertext: Buffer.from(s.c!, "base64") };
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Seal a signing secret for its endpoint entry; the result is the entry's `sealed` string. */
export async function sealWebhookSecret(secret: string, ctx: WebhookSecretContext): Promise<string> {
  const plaintext = Buffer.from(secret, "utf8");
  try {
    return encode(await seal(webhookSecretKind, ctx, plaintext));
  } finally {
    plaintext.fill(0);
  }
}

export async function openWebhookSecret(sealed: string, ctx: WebhookSecretContext): Promise<Secret> {
  const plaintext = await open(webhookSecretKind, ctx, decode(sealed, ctx), { endpointId: ctx.endpointId, secretId: ctx.secretId });
  try {
    return new Secret(plaintext.toString("utf8"));
  } finally {
    plaintext.fill(0);
  }
}

/** The KEK id of a stored entry, read in SQL: `sealed` is JSON text inside the jsonb array. */
const kekOf = sql`((x.s->>'sealed')::jsonb->>'k')`;

export const webhookSecretsColumn: SealedColumn = {
  name: "webhook_endpoints.secrets",
  kind: webhookSecretKind.name,
  noun: ["webhook signing secret", "webhook signing secrets"],
  owner: { type: "webhook_endpoint", label: "webhook endpoint" },

  async countByKek(db: DbOrTx) {
    const result = await db.execute<{ kek_id: string; n: string | number }>(
      sql`select ${kekOf} as kek_id, count(*) as n from webhook_endpoints e, jsonb_array_elements(e.secrets) as x(s) group by 1 order by 1`,
    );
    return Object.fromEntries(result.rows.map((r) => [r.kek_id, Number(r.n)]));
  },

  async rewrapBatch(db, provider, { after, limit }) {
    const active = provider.activeKeyId();
    const { rows } = await db.execute<{ id: string; workspace_id: string; secrets: Entry[] }>(sql`
      select e.id, e.workspace_id, e.secrets
      from webhook_endpoints e
      where e.id > ${after ?? ""} and exists (select 1 from jsonb_array_elements(e.secrets) as x(s) where ${kekOf} <> ${active})
      order by e.id
      limit ${limit}`);
    const batch: ColumnBatch = { lastId: rows.at(-1)?.id ?? null, scanned: rows.length, rewrapped: 0, changedMeanwhile: 0, failures: [] };
    const updates: { id: string; old: Entry[]; next: Entry[]; count: number }[] = [];
    for (const row of rows) {
      let count = 0;
      const next: Entry[] = [];
      for (const entry of row.secrets) {
        const ctx = { workspaceId: row.workspace_id, endpointId: row.id, secretId: entry.id };
        let kekId = "";
        try {
          const sealed = decode(entry.sealed, ctx);
          kekId = sealed.kekId;
          if (kekId === active) {
            next.push(entry);
            continue;
          }
          const r = await rewrapDataKey(provider, webhookSecretKind, ctx, sealed.kekId, sealed.wrappedKey);
          if (r.kekId !== active) throw new Error(`the key provider wrapped under "${r.kekId}", not the active "${active}"`);
          next.push({ ...entry, sealed: encode({ ...sealed, kekId: r.kekId, wrappedKey: r.wrappedKey }) });
          count++;
        } catch (e) {
          batch.failures.push(failureOf(this.name, entry.id, row.id, kekId, e));
          next.push(entry);
        }
      }
      // A row with a failed entry is still written for the entries that did rewrap; the failed one stays as it was.
      if (count) updates.push({ id: row.id, old: row.secrets, next, count });
    }
    if (updates.length) {
      // Compare-and-set on the whole array: a rotation meanwhile wins, and the next run looks again.
      // updated_at stays: it is the endpoint's (shown in the API), and a rewrap changes nothing of it.
      const values = sql.join(
        updates.map((u) => sql`(${u.id}::text, ${JSON.stringify(u.old)}::jsonb, ${JSON.stringify(u.next)}::jsonb)`),
        sql`, `,
      );
      const updated = await db.execute<{ id: string }>(sql`
        update webhook_endpoints as e
        set secrets = v.next
        from (values ${values}) as v(id, old, next)
        where e.id = v.id and e.secrets = v.old
        returning e.id`);
      const done = new Set(updated.rows.map((r) => r.id));
      for (const u of updates) {
        if (done.has(u.id)) batch.rewrapped += u.count;
        else batch.changedMeanwhile += u.count;
      }
    }
    return batch;
  },
};
