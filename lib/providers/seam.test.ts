// The provider seam: app/, components/ and lib/ reach a provider's specific behaviour only through
// the registry (lib/providers/index.ts, registry.server.ts, flows.ts). A provider's name appears
// only in its own folders, its messages, tests, and the registries that import its folder.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["app", "components", "lib"];

/** Where a provider's name belongs. */
const OWN_FOLDERS = ["lib/providers/justworks/", "lib/sandbox/justworks/"];

/** Registries: each imports every provider's folder (or message files) by path, and nothing more. */
const REGISTRIES = ["lib/providers/types.ts", "lib/providers/index.ts", "lib/providers/flows.ts", "lib/sandbox/index.ts", "lib/i18n/index.ts"];

/** Configuration: lib/env.ts validates every variable, including each provider's base URL variable. */
const CONFIG = ["lib/env.ts"];

/**
 * Names of configuration variables (lib/env.ts reads process.env; the provider declares which
 * variable holds its base URL) are not provider behaviour.
 */
const ALLOWED_TOKENS = [/\bJUSTWORKS_API_URL\b/g, /\bJUSTWORKS_OAUTH_AUTHORIZE_URL\b/g, /\bJUSTWORKS_SERVICE_EMAIL_DOMAIN\b/g];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.posix.join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" ? [] : files(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function offenders(): string[] {
  return ROOTS.flatMap(files).filter((f) => {
    if (OWN_FOLDERS.some((d) => f.startsWith(d)) || REGISTRIES.includes(f) || CONFIG.includes(f)) return false;
    let text = readFileSync(f, "utf8");
    for (const t of ALLOWED_TOKENS) text = text.replace(t, "");
    return /justworks/i.test(text);
  });
}

describe("the provider seam", () => {
  const found = offenders();
  it("names Justworks nowhere outside its own folders, messages, tests and the registries", () => {
    expect(found).toEqual([]);
  });
  it("the registries mention a provider only in import paths and registry entries", () => {
    for (const f of REGISTRIES) {
      const lines = readFileSync(f, "utf8").split("\n").filter((l) => /justworks/i.test(l) && !/^\s*(\/\/|\*)/.test(l));
      const other = lines.filter((l) => !/^import .* from "@\/(lib\/(providers|sandbox)\/justworks(\/[\w-]+)?|messages\/providers\/justworks\/\w+\.json)";$/.test(l) && !/^\s*justworks(: \w+)?,$/.test(l) && !/justworks: justworks[A-Z][a-z]\b/.test(l) && !/^export const providerIds = \[[" a-z,]+\] as const;$/.test(l));
      expect(other, f).toEqual([]);
    }
  });
});
