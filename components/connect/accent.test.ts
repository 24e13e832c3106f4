import { describe, expect, it } from "vitest";
import { accentColors, contrast, parseHex, textOn } from "./accent";

describe("accent colours", () => {
  it("keeps a dark brand colour and puts white text on it", () => {
    expect(accentColors("#4f46e5")).toEqual({ accent: "#4f46e5", contrast: "#ffffff" });
  });

  it("darkens a light brand colour until it reads on white (4.5:1)", () => {
    const { accent, contrast: on } = accentColors("#ffd400");
    expect(contrast(parseHex(accent)!, [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(parseHex(on)!, parseHex(accent)!)).toBeGreaterThanOrEqual(4.5);
  });

  it("falls back on a malformed colour", () => {
    expect(accentColors("red; background:url(x)").accent).toBe("#4f46e5");
    expect(textOn("#ffffff")).toBe("#16161d");
  });
});
