import { describe, expect, it } from "vitest";
import { fingerprintOf } from "@/lib/vault/credentials";

describe("display fingerprint", () => {
  it("is the last four characters of a long secret", () => {
    expect(fingerprintOf("SAK-abcdefghijklmnopqrstuv")).toBe("stuv");
  });
  it("never shows more than a quarter of the value, and nothing for very short ones", () => {
    expect(fingerprintOf("abcdefghijkl")).toBe("jkl");
    expect(fingerprintOf("abcdefgh")).toBe("gh");
    expect(fingerprintOf("abcdefg")).toBeNull();
    expect(fingerprintOf("")).toBeNull();
    expect(fingerprintOf(undefined)).toBeNull();
  });
  it("counts characters, not UTF-16 units", () => {
    expect(fingerprintOf("ключ-секрет-🔑🔑🔑🔑")).toBe("🔑🔑🔑🔑");
  });
});
