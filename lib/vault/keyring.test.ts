import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { LocalKeyProvider } from "@/lib/vault/key-provider";
import { demoKeyringFile, ensureDemoKeyring, parseKeyring } from "@/lib/vault/keyring";
import { keyProviderFromEnv, setVaultLogger } from "@/lib/vault/state";

const b64 = (n: number) => randomBytes(n).toString("base64");
const good = b64(32);
const good2 = b64(32);

/** The error's text must not contain any key material: no whole key and no 8-character piece of one. */
function expectNoKeyMaterial(text: string, keys: string[]) {
  for (const k of keys) {
    expect(text).not.toContain(k);
    for (let i = 0; i + 8 <= k.length; i += 4) expect(text).not.toContain(k.slice(i, i + 8));
    const hex = Buffer.from(k, "base64").toString("hex");
    if (hex) expect(text).not.toContain(hex.slice(0, 16));
  }
}

function refused(raw: string | undefined): string {
  try {
    parseKeyring(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("the keyring was accepted");
}

describe("parseKeyring", () => {
  it("accepts id:base64 entries (standard or URL-safe base64); the first is active", () => {
    const urlSafe = randomBytes(32).toString("base64url");
    const p = new LocalKeyProvider(parseKeyring(` k2:${good} , k1:${good2},k0:${urlSafe}`));
    expect(p.activeKeyId()).toBe("k2");
    expect(p.keyIds()).toEqual(["k2", "k1", "k0"]);
  });

  it.each([
    ["missing", undefined, /is empty/],
    ["blank", "   ", /is empty/],
    ["not base64", `k1:${good.slice(0, 20)}!!${good.slice(22)}`, /entry 1 \(id "k1"\) is not valid base64/],
    ["31 bytes", `k1:${b64(31)}`, /entry 1 \(id "k1"\) is 31 bytes; a key must be exactly 32 bytes/],
    ["33 bytes", `k1:${b64(33)}`, /is 33 bytes/],
    ["16 bytes", `k1:${good},k2:${b64(16)}`, /entry 2 \(id "k2"\) is 16 bytes/],
    ["duplicate id", `k1:${good},k1:${good2}`, /entry 2 \(id "k1"\) repeats the id of entry 1/],
    ["no id", good, /entry 1 has no key id/],
    ["empty key", "k1:", /no key after the colon/],
    ["stray comma", `k1:${good},`, /entry 2 is empty/],
    ["bad id", `bad id!:${good}`, /entry 1 has an invalid key id/],
  ])("case 10: refuses a keyring that is %s, naming the problem without key material", (_name, raw, pattern) => {
    const message = refused(raw);
    expect(message).toMatch(pattern);
    expect(message).toContain("LATCHKEY_MASTER_KEYS");
    expectNoKeyMaterial(message, [good, good2, ...(raw ?? "").split(/[,:]/).filter((p) => p.length >= 16)]);
  });

  it("case 10: never echoes a key written in the id's place", () => {
    const message = refused(`${good2.replace(/[+/=]/g, "A")}:k1`);
    expectNoKeyMaterial(message, [good2.replace(/[+/=]/g, "A")]);
  });

  it("reports every problem at once", () => {
    const message = refused(`a:${b64(31)},a:${good},c:nope!`);
    expect(message).toMatch(/entry 1 .* 31 bytes/);
    expect(message).toMatch(/entry 2 .* repeats/);
    expect(message).toMatch(/entry 3 .* not valid base64/);
  });

  it("outside demo mode the variable is required (lib/env)", () => {
    expect(() => loadEnv({ DATABASE_URL: "postgres://x/y", AUTH_SECRET: "x".repeat(40), LATCHKEY_PUBLIC_URL: "https://c.example.com" })).toThrow(
      /LATCHKEY_MASTER_KEYS: required outside demo mode/,
    );
  });
});

describe("demo keyring", () => {
  const dirs: string[] = [];
  afterEach(() => {
    setVaultLogger(undefined);
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("is generated into the data directory with mode 0600, kept across restarts, with one loud warning", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-vault-"));
    dirs.push(dataDir);
    const lines: string[] = [];
    setVaultLogger(
      createLogger({
        level: "trace",
        destination: new Writable({
          write(c, _e, cb) {
            lines.push(String(c));
            cb();
          },
        }),
      }),
    );
    const first = ensureDemoKeyring(dataDir);
    expect(first.created).toBe(true);
    const file = demoKeyringFile(dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = ensureDemoKeyring(dataDir);
    expect(second.created).toBe(false);
    expect(second.keyring.entries[0]!.id).toBe(first.keyring.entries[0]!.id);

    const env = loadEnv({ LATCHKEY_DATA_DIR: dataDir, NODE_ENV: "development" });
    expect(env.demo).toBe(true);
    keyProviderFromEnv(env);
    keyProviderFromEnv(env);
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);
    // Exactly one warning per process, however often the provider is built.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/DEMO MASTER KEY IN USE.*local use only/);
    const stored = fs.readFileSync(file, "utf8").trim().split(":")[1]!;
    for (const l of lines) expect(l).not.toContain(stored);
  });

  it("outside demo mode, without a keyring, the provider refuses", () => {
    const env = loadEnv({ DATABASE_URL: "postgres://x/y", LATCHKEY_DEMO: "true", NODE_ENV: "development" });
    expect(() => keyProviderFromEnv({ ...env, demo: false, LATCHKEY_MASTER_KEYS: undefined })).toThrow(/LATCHKEY_MASTER_KEYS: required/);
  });
});
