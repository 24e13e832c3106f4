import { describe, expect, it } from "vitest";
import { accountText } from "./format";

describe("the dashboard's Account column", () => {
  const notExposed = (provider: string) => `Not exposed by ${provider}`;
  it("shows the label a check read", () => {
    expect(accountText("Northwind Trading Ltd", "peoplehr", notExposed)).toBe("Northwind Trading Ltd");
  });
  it("says so where the provider's API names no company, instead of a bare dash", () => {
    expect(accountText(null, "hrworks", notExposed)).toBe("Not exposed by HR WORKS");
    expect(accountText(null, "personio", notExposed)).toBe("Not exposed by Personio");
  });
  it("keeps the dash where the provider names one but no check has read it yet", () => {
    expect(accountText(null, "peoplehr", notExposed)).toBe("—");
  });
});
