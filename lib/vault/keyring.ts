// The local keyring: LATCHKEY_MASTER_KEYS = "id1:base64key,id2:base64key". The first key seals,
// every key opens. Problems are reported by position and id only, never with key material.
import { createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/env";

export const KEYRING_VARIABLE = "LATCHKEY_MASTER_KEYS";
export const KEY_BYTES = 32;
/** Ids are shorter than any encoded 32-byte key, so an id printed in a message can never be a key. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type KeyringEntry = { id: string; key: KeyObject };
export type Keyring = { entries: KeyringEntry[] };

const HOW = `write it as id:base64key, e.g. "k2026:" followed by the output of \`openssl rand -base64 32\``;

/** Parse and validate a keyring. Throws ConfigError listing every problem. */
export function parseKeyring(raw: string | undefined, source = KEYRING_VARIABLE): Keyring {
  const problems: string[] = [];
  const entries: KeyringEntry[] = [];
  const seen = new Map<string, number>();
  const text = (raw ?? "").trim();
  if (!text) throw new ConfigError([`${source}: is empty; ${HOW}`]);
  const parts = text.split(",");
  parts.forEach((part, i) => {
    const n = i + 1;
    const item = part.trim();
    if (!item) {
      problems.push(`${source}: entry ${n} is empty (a stray comma?)`);
      return;
    }
    const colon = item.indexOf(":");
    if (colon < 0) {
      problems.push(`${source}: entry ${n} has no key id; ${HOW}`);
      return;
    }
    const id = item.slice(0, colon).trim();
    const encoded = item.slice(colon + 1).trim();
    if (!ID_PATTERN.test(id)) {
      problems.push(`${source}: entry ${n} has an invalid key id (1 to 32 characters: letters, digits, ".", "_", "-", starting with a letter or digit)`);
      return;
    }
    const label = `entry ${n} (id "${id}")`;
    if (seen.has(id)) {
      problems.push(`${source}: ${label} repeats the id of entry ${seen.get(id)}; every key needs its own id`);
      return;
    }
    seen.set(id, n);
    if (!encoded) {
      problems.push(`${source}: ${label} has no key after the colon`);
      return;
    }
    const unpadded = encoded.replace(/=+$/, "");
    if (!BASE64_PATTERN.test(encoded) || unpadded.length % 4 === 1 || (/[+/]/.test(unpadded) && /[-_]/.test(unpadded))) {
      problems.push(`${source}: ${label} is not valid base64`);
      return;
    }
    const bytes = Buffer.from(unpadded.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length !== KEY_BYTES) {
      problems.push(`${source}: ${label} is ${bytes.length} bytes; a key must be exactly ${KEY_BYTES} bytes (\`openssl rand -base64 32\`)`);
      bytes.fill(0);
      return;
    }
    entries.push({ id, key: createSecretKey(bytes) });
    bytes.fill(0);
  });
  if (problems.length) throw new ConfigError(problems);
  return { entries };
}

export function generateKeyringText(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString("base64")}`;
}

export const demoKeyringFile = (dataDir: string) => path.join(dataDir, "master-keys");

/**
 * Demo mode without a keyring: one generated key kept in <dataDir>/master-keys (0600), so sealed
 * credentials survive restarts. `created` tells the caller whether it was made just now.
 */
export function ensureDemoKeyring(dataDir: string): { keyring: Keyring; file: string; created: boolean } {
  const file = demoKeyringFile(dataDir);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    // first start: created below
  }
  let created = false;
  if (!text) {
    fs.mkdirSync(dataDir, { recursive: true });
    text = generateKeyringText(`demo-${new Date().toISOString().slice(0, 10).replace(/-/g, "")}`);
    // wx: never overwrite a keyring another process wrote meanwhile (that would orphan its data).
    try {
      fs.writeFileSync(file, text + "\n", { mode: 0o600, flag: "wx" });
      created = true;
    } catch {
      text = fs.readFileSync(file, "utf8").trim();
    }
  }
  fs.chmodSync(file, 0o600);
  return { keyring: parseKeyring(text, file), file, created };
}
