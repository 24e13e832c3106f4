import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! & 31];
  return out;
}

/** Prefixed, URL-safe, 100 bits of randomness: `conn_k3v…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase32(20)}`;
}
