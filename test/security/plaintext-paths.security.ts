// Case 36, statically: where plaintext leaves the vault. `.reveal()` / `revealAll()` are the only way
// out of a `Secret` (lib/vault/secret.ts), so the modules calling them are the complete list of
// places a secret exists in clear, and none of them is a server action (a browser-callable
// endpoint). A new module on the list fails this test until it is reviewed and added here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "@/test/security/cases";

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.(test|int\.test|spec|security)\.tsx?$/.test(e.name) && !/test-fixtures\.ts$/.test(e.name) ? [rel] : [];
  });
}

const files = ["app", "lib", "components", "scripts", "proxy.ts"].flatMap((d) => (d.endsWith(".ts") ? [d] : sources(d)));
const text = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

/** Each with why it needs the plaintext; none returns it to a browser. */
const REVEALING = {
  "app/api/v1/connections/[id]/credentials/route.ts": "the vendor's sync backend, with an operator-only credentials:read key, audited",
  "lib/connections/passthrough.ts": "signs a request to the provider; the answer, not the credential, goes back",
  "lib/connections/recheck.ts": "runs a credential check against the provider",
  "lib/connections/oauth.ts": "exchanges, refreshes and revokes OAuth tokens with the provider",
  "lib/handoff/webhooks/secrets.ts": "signs a webhook delivery",
  "lib/vault/secret.ts": "defines reveal()",
};

describe("where plaintext leaves the vault", () => {
  it("case 36: only the reviewed modules reveal a secret, and no server action is one of them or imports the vault", () => {
    expect(files.length).toBeGreaterThan(100);
    const revealing = files.filter((f) => /\.reveal\(\)|\brevealAll\(/.test(text(f))).sort();
    expect(revealing).toEqual(Object.keys(REVEALING).sort());
    const actions = files.filter((f) => /^\s*["']use server["']/m.test(text(f)));
    expect(actions.length).toBeGreaterThan(3);
    for (const f of actions) {
      expect(Object.keys(REVEALING), f).not.toContain(f);
      expect(text(f), f).not.toMatch(/from ["']@\/lib\/vault|import\(["']@\/lib\/vault/);
    }
  });
});
