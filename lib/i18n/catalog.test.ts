// Every language file has every key of every other, with the same ICU arguments. Files are
// grouped by folder (messages/<lang>.json, messages/providers/<id>/<lang>.json, …), so a new
// folder of language files is covered without changing this test.
import fs from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { languages } from "./index";

const root = path.resolve(import.meta.dirname, "../../messages");

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : e.name.endsWith(".json") ? [p] : [];
  });
}

function leaves(o: unknown, prefix = ""): Array<[string, unknown]> {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return [[prefix, o]];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The arguments a message uses, with their kind (`count:plural`, `name:argument`, …), sorted. */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument) found.add(`${el.value}:argument`);
      else if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) found.add(`${el.value}:${TYPE[el.type]}`);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.add(`${el.value}:${el.type === TYPE.plural ? (el.pluralType === "ordinal" ? "selectordinal" : "plural") : "select"}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        found.add(`<${el.value}>`);
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const folders = new Map<string, string[]>();
for (const f of jsonFiles(root)) folders.set(path.dirname(f), [...(folders.get(path.dirname(f)) ?? []), f]);

describe("message catalogs", () => {
  it("reads a message's arguments, inside plural branches too", () => {
    expect(argumentsOf("{n, plural, =1 {on {date} once} other {# times}} by {who}")).toEqual(["date:argument", "n:plural", "who:argument"]);
    expect(argumentsOf("Wait {seconds, number} s")).toEqual(["seconds:number"]);
  });

  it("finds the main catalog and the provider folders", () => {
    expect(folders.get(root)?.map((f) => path.basename(f)).sort()).toEqual([...languages].map((l) => `${l}.json`).sort());
    expect(folders.size).toBeGreaterThan(1);
  });

  for (const [folder, files] of folders) {
    const name = path.relative(path.dirname(root), folder);
    it(`${name}: one file per language, no other files`, () => {
      expect(files.map((f) => path.basename(f, ".json")).sort()).toEqual([...languages].sort());
    });

    it(`${name}: every language has the same keys, each a message with the same ICU arguments`, () => {
      const byLang = new Map(files.map((f) => [path.basename(f, ".json"), new Map(leaves(JSON.parse(fs.readFileSync(f, "utf8"))))]));
      const allKeys = [...new Set([...byLang.values()].flatMap((m) => [...m.keys()]))].filter(Boolean).sort();
      for (const [lang, messages] of byLang) {
        expect([...messages.keys()].filter(Boolean).sort(), `${name}/${lang}.json keys`).toEqual(allKeys);
      }
      for (const key of allKeys) {
        const shapes = [...byLang].map(([lang, messages]) => {
          const message = messages.get(key);
          expect(typeof message, `${name}/${lang}.json ${key} is a string`).toBe("string");
          return argumentsOf(message as string);
        });
        for (const shape of shapes.slice(1)) expect(shape, `${name} ${key}: ICU arguments`).toEqual(shapes[0]);
      }
    });
  }
});

describe("wording the admin reads across screens", () => {
  const all = jsonFiles(root).map((f) => ({ file: path.relative(root, f), lang: path.basename(f, ".json"), entries: leaves(JSON.parse(fs.readFileSync(f, "utf8"))) }));

  it("German names the service user one way, in the wizard and in every guide (“Service-User”)", () => {
    const other = all.filter((c) => c.lang === "de").flatMap((c) => c.entries.filter(([, v]) => typeof v === "string" && /Service-?Benutzer|Dienstbenutzer/i.test(v)).map(([k]) => `${c.file}: ${k}`));
    expect(other).toEqual([]);
  });

  it("no field label says “optional” itself: the form adds that hint to optional fields", () => {
    const doubled = all.flatMap((c) => c.entries.filter(([k, v]) => /^fields\.[^.]+\.label$/.test(k) && typeof v === "string" && /optional/i.test(v)).map(([k]) => `${c.file}: ${k}`));
    expect(doubled).toEqual([]);
  });
});
