// A tiny ICU subset: {name} and {n, plural, one {…} other {…}} (with # for the number, and
// =0/=1 exact cases). Pure, for the browser; see i18n.tsx for why.
export type Values = Record<string, string | number>;

/** Index of the brace that closes the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function plural(body: string, n: number, locale: string): string {
  const cases: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf("{", i);
    if (open < 0) break;
    const end = closing(body, open);
    if (end < 0) break;
    cases[body.slice(i, open).trim()] = body.slice(open + 1, end);
    i = end + 1;
  }
  const rule = new Intl.PluralRules(locale).select(n);
  const chosen = cases[`=${n}`] ?? cases[rule] ?? cases.other ?? "";
  return chosen.replace(/#/g, new Intl.NumberFormat(locale).format(n));
}

export function formatMessage(message: string, values: Values = {}, locale = "en"): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf("{", i);
    if (open < 0) break;
    const end = closing(message, open);
    if (end < 0) break;
    out += message.slice(i, open);
    const inner = message.slice(open + 1, end);
    const [name, kind, ...rest] = inner.split(",");
    const key = (name ?? "").trim();
    if (kind?.trim() === "plural") {
      out += formatMessage(plural(rest.join(",").trim(), Number(values[key] ?? 0), locale), values, locale);
    } else {
      const v = values[key];
      out += v === undefined ? `{${key}}` : typeof v === "number" ? new Intl.NumberFormat(locale).format(v) : v;
    }
    i = end + 1;
  }
  return out + message.slice(i);
}
