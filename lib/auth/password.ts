// Staff passwords: argon2id with OWASP's recommended minimums (19 MiB, 2 iterations, 1 lane).
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

const Argon2id = 2; // @node-rs/argon2's Algorithm.Argon2id; a const enum cannot cross isolatedModules
const options = { algorithm: Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random value: verifying against it when the user does not exist keeps timing even. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

/** 20 characters from an unambiguous alphabet (~115 bits). */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const limit = 256 - (256 % alphabet.length); // rejection sampling: no modulo bias
  let out = "";
  while (out.length < 20) {
    for (const b of randomBytes(32)) if (b < limit && out.length < 20) out += alphabet[b % alphabet.length];
  }
  return out;
}
