import { describe, expect, it } from "vitest";
import { languageFromAcceptLanguage, pickLanguage } from "./index";

describe("languages", () => {
  it("reads Accept-Language by quality", () => {
    expect(languageFromAcceptLanguage("de-AT,de;q=0.9,en;q=0.8")).toBe("de");
    expect(languageFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.5,de;q=0.7")).toBe("de");
    expect(languageFromAcceptLanguage("fr, es")).toBeNull();
    expect(languageFromAcceptLanguage("de;q=0, en")).toBe("en");
    expect(languageFromAcceptLanguage(undefined)).toBeNull();
  });

  it("prefers the session, then the browser, then the workspace", () => {
    expect(pickLanguage({ session: "de", acceptLanguage: "en", workspaceDefault: "en" })).toBe("de");
    expect(pickLanguage({ session: null, acceptLanguage: "de-DE", workspaceDefault: "en" })).toBe("de");
    expect(pickLanguage({ session: null, acceptLanguage: "fr", workspaceDefault: "de" })).toBe("de");
    expect(pickLanguage({})).toBe("en");
  });
});
