// Every provider's message files (messages/providers/<id>/<lang>.json): the same keys in every
// language, with the same ICU placeholders; every key a definition names exists.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { languages } from "@/lib/i18n";
import { listProviders } from "@/lib/providers";
import { getServiceUserFlow } from "@/lib/providers/flows";
import { providerText } from "@/lib/providers/text";
import type { TextKey } from "@/lib/providers/types";

const root = path.join(process.cwd(), "messages", "providers");

function flatten(o: unknown, prefix = ""): Record<string, string> {
  if (typeof o === "string") return { [prefix]: o };
  return Object.assign({}, ...Object.entries(o as Record<string, unknown>).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)));
}

/** The argument names of an ICU message (`{name}`, `{n, plural, …}`), sorted. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:[,}])/g)) names.add(m[1]!);
  return [...names].sort();
}

describe("provider message files", () => {
  const ids = readdirSync(root);
  it("exist for every provider and only for them", () => {
    expect(ids.sort()).toEqual(listProviders().map((p) => p.id).sort());
  });

  for (const id of ids) {
    it(`${id}: every language has the same keys with the same placeholders`, () => {
      const files = Object.fromEntries(languages.map((lang) => [lang, flatten(JSON.parse(readFileSync(path.join(root, id, `${lang}.json`), "utf8")))]));
      const [first, ...rest] = languages;
      const keys = Object.keys(files[first]!).sort();
      expect(keys.length).toBeGreaterThan(0);
      for (const lang of rest) {
        expect(Object.keys(files[lang]!).sort(), `${id} ${lang}`).toEqual(keys);
        const differ = keys.filter((k) => placeholders(files[first]![k]!).join() !== placeholders(files[lang]![k]!).join());
        expect(differ, `${id} ${lang}: placeholders differ`).toEqual([]);
      }
      const empty = languages.flatMap((lang) => keys.filter((k) => !files[lang]![k]!.trim()).map((k) => `${lang}:${k}`));
      expect(empty).toEqual([]);
    });
  }

  it("has a text for every key a definition names, in every language", () => {
    for (const p of listProviders()) {
      const keys: TextKey[] = [
        ...p.prerequisites,
        ...p.guide.flatMap((g) => [g.title, g.body]),
        ...Object.values(p.fieldMeta as Record<string, { label: TextKey; help?: TextKey }>).flatMap((m) => [m.label, ...(m.help ? [m.help] : [])]),
        ...Object.values(p.scopes).flatMap((s) => [s!.permission, s!.fix, ...(s!.note ? [s!.note] : [])]),
        ...(p.settings?.fields ?? []).flatMap((f) => [f.label, f.invalid, ...(f.hint ? [f.hint] : [])]),
        ...(getServiceUserFlow(p.id)?.dashboard.actions ?? []).map((a) => a.label),
      ];
      for (const key of keys) {
        const text = providerText(p.id, key);
        // next-intl answers a missing key with the key path itself.
        for (const lang of languages) expect(text[lang], `${p.id}.${key} (${lang})`).not.toContain(`providers.${p.id}.`);
      }
    }
  });
});
