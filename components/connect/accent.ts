// The workspace's accent colour must stay readable (WCAG 2.2 AA): as text and links on white it
// needs 4.5:1, and the text on an accent button needs 4.5:1 against it. A vendor's light brand
// colour is darkened just enough rather than rejected.
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export function parseHex(color: string | null | undefined): [number, number, number] | null {
  const m = color ? HEX.exec(color.trim()) : null;
  if (!m) return null;
  let h = m[1]!;
  if (h.length === 3) h = h.replace(/./g, (c) => c + c);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: [number, number, number]): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (rgb: [number, number, number]) => "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
const WHITE: [number, number, number] = [255, 255, 255];
const INK: [number, number, number] = [22, 22, 29];

/** The accent (darkened until it reads on white at 4.5:1) and the text colour to put on it. */
export function accentColors(color: string | null | undefined, fallback = "#4f46e5"): { accent: string; contrast: string } {
  let rgb = parseHex(color) ?? parseHex(fallback)!;
  for (let i = 0; i < 40 && contrast(rgb, WHITE) < 4.5; i++) rgb = rgb.map((c) => c * 0.93) as [number, number, number];
  const onAccent = contrast(WHITE, rgb) >= contrast(INK, rgb) ? WHITE : INK;
  return { accent: toHex(rgb), contrast: toHex(onAccent) };
}

/** Text colour for a provider's letter mark on its own colour. */
export function textOn(color: string): string {
  const rgb = parseHex(color);
  if (!rgb) return "#ffffff";
  return contrast(WHITE, rgb) >= contrast(INK, rgb) ? "#ffffff" : "#16161d";
}
