import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { formatMessage } from "./format";

function leaves(o: unknown, prefix = ""): Array<[string, string]> {
  if (typeof o === "string") return [[prefix, o]];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const samples = { provider: "HR WORKS", workspace: "Acme", query: "xyz", count: 1, current: 2, done: 3, total: 5, name: "Form", field: "Secret", max: 200, label: "Müller GmbH", requestId: "abc", seconds: 1, what: "E-mail", permission: "Persons" };

describe("the wizard's message formatter", () => {
  for (const [locale, messages] of [["en", en], ["de", de]] as const) {
    it(`formats every ${locale} message exactly like next-intl`, () => {
      const t = createTranslator({ locale, messages });
      for (const n of [0, 1, 2, 12]) {
        const values = { ...samples, count: n, seconds: n };
        for (const [key, message] of leaves(messages)) {
          expect(formatMessage(message, values, locale), key).toBe(t(key as never, values as never));
        }
      }
    });
  }
});
