// Per-provider workspace settings through the registry: the form's strings parsed by each
// provider's schema, refusals named by field, other providers' values kept, the demo's values.
import { describe, expect, it } from "vitest";
import { getProvider } from "@/lib/providers";
import { demoProviderSettings, listProviderSettings, parseProviderSettings, settingsFormValues } from "@/lib/providers/settings";

describe("provider settings", () => {
  it("lists the providers that declare settings, with one field per key of their schema", () => {
    const listed = listProviderSettings();
    expect(listed.map((p) => p.provider.id)).toEqual(["justworks"]);
    for (const { settings } of listed) expect(settings.fields.map((f) => f.key).sort()).toEqual(Object.keys(settings.schema.shape).sort());
  });

  it("parses the form into what is stored: trimmed, an empty optional value left out, the domain normalised", () => {
    const r = parseProviderSettings({ justworks: { firstName: "  Acme Sync ", emailDomain: "" } }, {});
    expect(r).toEqual({ ok: true, value: { justworks: { firstName: "Acme Sync" } } });
    const d = parseProviderSettings({ justworks: { firstName: "Acme", emailDomain: "@Sync.Acme.Example" } }, {});
    expect(d).toEqual({ ok: true, value: { justworks: { firstName: "Acme", emailDomain: "sync.acme.example" } } });
  });

  it("keeps what a provider missing from the input had, and ignores unknown providers", () => {
    const previous = { justworks: { firstName: "Old" }, retired: { x: 1 } };
    expect(parseProviderSettings({ nobody: { a: "b" } }, previous)).toEqual({ ok: true, value: previous });
  });

  it("refuses a bad value with the provider's text key of that field", () => {
    const r = parseProviderSettings({ justworks: { firstName: "", emailDomain: "not a domain" } }, {});
    expect(r).toEqual({
      ok: false,
      issues: [
        { provider: "justworks", field: "firstName", text: "settings.firstName.invalid" },
        { provider: "justworks", field: "emailDomain", text: "settings.emailDomain.invalid" },
      ],
    });
  });

  it("fills the form from the stored values, else each field's default", () => {
    const settings = getProvider("justworks")!.settings!;
    expect(settingsFormValues(settings, undefined)).toEqual({ firstName: "Latchkey", emailDomain: "" });
    expect(settingsFormValues(settings, { firstName: "Acme", emailDomain: "a.example", stray: 1 })).toEqual({ firstName: "Acme", emailDomain: "a.example" });
  });

  it("gives the demo workspace each provider's declared demo values", () => {
    expect(demoProviderSettings()).toEqual({ justworks: { firstName: "Acme", emailDomain: "acme-sync.example.com" } });
  });
});
