// Small helpers the simulators share: JSON answers, abortable delays, and stateless tokens (an
// HMAC over the profile, so any app instance can verify a token another one issued).
import { createHmac, timingSafeEqual } from "node:crypto";

/** Not a secret: sandbox tokens only have to be unforgeable by accident, not by an attacker. */
const SANDBOX_TOKEN_KEY = "latchkey-sandbox-token-key";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export function signToken(prefix: string, claims: Record<string, unknown>): string {
  const payload = b64url(JSON.stringify(claims));
  const mac = createHmac("sha256", SANDBOX_TOKEN_KEY).update(`${prefix}.${payload}`).digest("base64url");
  return `${prefix}.${payload}.${mac}`;
}

export function verifyToken(prefix: string, token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== prefix) return undefined;
  const expected = createHmac("sha256", SANDBOX_TOKEN_KEY).update(`${prefix}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof claims.exp === "number" && claims.exp < Date.now() / 1000) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

export function bearer(req: Request): string | undefined {
  const h = req.headers.get("authorization");
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/** Reads a JSON or form body; undefined when there is none or it does not parse. */
export async function readBody(req: Request): Promise<Record<string, unknown> | undefined> {
  const text = await req.text();
  if (!text) return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
