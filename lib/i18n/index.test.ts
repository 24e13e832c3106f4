import { describe, expect, it } from "vitest";
import { languageFromAcceptLanguage, languages, localize, pickLanguage } from "./index";
import { quoted } from "./languages";

describe("languages", () => {
  it("reads Accept-Language by quality", () => {
    expect(languageFromAcceptLanguage("de-AT,de;q=0.9,en;q=0.8")).toBe("de");
    expect(languageFromAcceptLanguage("pt-BR,pt;q=0.9,en;q=0.5,de;q=0.7")).toBe("de");
    expect(languageFromAcceptLanguage("pt, ja")).toBeNull();
    expect(languageFromAcceptLanguage("de;q=0, en")).toBe("en");
    expect(languageFromAcceptLanguage(undefined)).toBeNull();
  });

  it.each([
    ["fr-CA,fr;q=0.9,en;q=0.5", "fr"],
    ["es-MX", "es"],
    ["it-CH,de-CH;q=0.8", "it"],
    ["nl-BE,fr-BE;q=0.9", "nl"],
    ["ja,nl;q=0.3,fr;q=0.2", "nl"],
  ])("finds %s as %s", (header, lang) => {
    expect(languageFromAcceptLanguage(header)).toBe(lang);
  });

  it("prefers the session, then the browser, then the workspace", () => {
    expect(pickLanguage({ session: "de", acceptLanguage: "en", workspaceDefault: "en" })).toBe("de");
    expect(pickLanguage({ session: "it", acceptLanguage: "fr", workspaceDefault: "es" })).toBe("it");
    expect(pickLanguage({ session: null, acceptLanguage: "de-DE", workspaceDefault: "en" })).toBe("de");
    expect(pickLanguage({ session: null, acceptLanguage: "pt", workspaceDefault: "nl" })).toBe("nl");
    expect(pickLanguage({ session: "pt", acceptLanguage: "pt", workspaceDefault: "pt" })).toBe("en");
    expect(pickLanguage({})).toBe("en");
  });

  it("localizes into every language, plural forms included", () => {
    const texts = localize("connect.picker.count", { count: 1 });
    expect(Object.keys(texts).sort()).toEqual([...languages].sort());
    expect(texts).toEqual({ en: "1 system", de: "1 System", fr: "1 logiciel", es: "1 sistema", it: "1 sistema", nl: "1 systeem" });
    expect(localize("connect.picker.count", { count: 3 }).fr).toBe("3 logiciels");
  });

  it("quotes a provider's label the way each language does", () => {
    expect(languages.map((l) => quoted("Read", l))).toEqual(["“Read”", "„Read“", "«\u00a0Read\u00a0»", "«Read»", "«Read»", "“Read”"]);
  });
});
