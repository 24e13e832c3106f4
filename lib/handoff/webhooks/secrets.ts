// Webhook signing secrets (`whsec_…`, Standard Webhooks format): shown once at creation or
// rotation, stored sealed. Each secret gets its own random data key, wrapped by the vault's key
// provider (the same KEKs as the credentials); the associated data binds it to its workspace,
// endpoint and secret id, so a sealed value copied to another endpoint does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getKeyProvider } from "@/lib/vault/state";

const IV = 12;
const TAG = 16;

export type SecretContext = { workspaceId: string; endpointId: string; secretId: string };

const aad = (ctx: SecretContext, layer: string) =>
  Buffer.from(`latchkey:webhook-secret:${layer}\u0000${ctx.workspaceId}\u0000${ctx.endpointId}\u0000${ctx.secretId}`, "utf8");

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Seal a signing secret; the result is one opaque string (JSON of base64 parts). */
export async function sealSigningSecret(secret: string, ctx: SecretContext): Promise<string> {
  const provider = getKeyProvider();
  const dataKey = randomBytes(32);
  const iv = randomBytes(IV);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: TAG });
  cipher.setAAD(aad(ctx, "payload"));
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const { kekId, wrapped } = await provider.wrap(dataKey, aad(ctx, "data-key"));
  dataKey.fill(0);
  return JSON.stringify({ v: 1, k: kekId, w: wrapped.toString("base64"), i: iv.toString("base64"), t: cipher.getAuthTag().toString("base64"), c: ct.toString("base64") });
}

export async function openSigningSecret(sealed: string, ctx: SecretContext): Promise<string> {
  const s = JSON.parse(sealed) as { v: number; k: string; w: string; i: string; t: string; c: string };
  const dataKey = await getKeyProvider().unwrap(s.k, Buffer.from(s.w, "base64"), aad(ctx, "data-key"));
  const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(s.i, "base64"), { authTagLength: TAG });
  decipher.setAAD(aad(ctx, "payload"));
  decipher.setAuthTag(Buffer.from(s.t, "base64"));
  const out = Buffer.concat([decipher.update(Buffer.from(s.c, "base64")), decipher.final()]).toString("utf8");
  dataKey.fill(0);
  return out;
}
