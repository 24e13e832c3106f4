// The rule of what a session may pre-fill, as one table over every provider's definition.
import { describe, expect, it } from "vitest";
import { getProvider, listProviders } from "@/lib/providers";
import { prefillableFields, prefillFor, prefillProblems, prerequisiteIds, type ProviderPrefill } from "@/lib/providers/prefill";

const personio = getProvider("personio")!;
const hrworks = getProvider("hrworks")!;
const justworks = getProvider("justworks")!;

describe("what a session may pre-fill", () => {
  it("every non-secret field, never a secret one, for every provider", () => {
    for (const p of listProviders()) {
      const fields = prefillableFields(p);
      for (const s of p.secret as string[]) expect([p.id, fields]).not.toContainEqual(s);
      expect(fields.length + (p.secret as string[]).length).toBe(Object.keys(p.fields.shape).length);
    }
    expect(prefillableFields(personio)).toEqual(["clientId", "subdomain"]);
    expect(prefillableFields(hrworks)).toEqual(["accessKey"]);
    expect(prefillableFields(justworks)).toEqual([]);
    expect(prerequisiteIds(personio)).toEqual(["plan", "rights"]);
  });

  const cases: Array<[string, Parameters<typeof prefillProblems>[0], ProviderPrefill, Array<{ path: string; secret?: true; match: RegExp }>]> = [
    ["non-secret fields and own prerequisites", personio, { fields: { clientId: "papi-123", subdomain: "acme.app.personio.com" }, confirmed: ["plan", "rights"] }, []],
    ["a secret field", personio, { fields: { clientSecret: "x" } }, [{ path: "fields.clientSecret", secret: true, match: /secret field of Personio: secrets can never be pre-filled/ }]],
    ["HR WORKS' secret key", hrworks, { fields: { secretAccessKey: "x" } }, [{ path: "fields.secretAccessKey", secret: true, match: /secret/ }]],
    ["an unknown field", personio, { fields: { tenant: "x" } }, [{ path: "fields.tenant", match: /has no field "tenant".*clientId, subdomain/ }]],
    ["a value the field's schema refuses", personio, { fields: { subdomain: "not an address!" } }, [{ path: "fields.subdomain", match: /"subdomain": Your Personio address/ }]],
    ["a prerequisite the provider does not declare", personio, { confirmed: ["plan", "budget"] }, [{ path: "confirmed", match: /no prerequisite "budget".*plan, rights/ }]],
    ["a service-user provider's prerequisites", justworks, { confirmed: ["1", "2"] }, []],
    ["a service-user provider has no field to pre-fill", justworks, { fields: { email: "a@b.example" } }, [{ path: "fields.email", match: /Fields a session may pre-fill: none/ }]],
  ];
  it.each(cases)("%s", (_name, p, input, expected) => {
    const got = prefillProblems(p, input);
    expect(got.map((g) => ({ path: g.path, secret: g.secret }))).toEqual(expected.map((e) => ({ path: e.path, secret: e.secret })));
    got.forEach((g, i) => expect(g.message).toMatch(expected[i]!.match));
  });

  it("the wizard reads a stored pre-fill by the same rule, dropping anything it would refuse", () => {
    const stored = { personio: { fields: { clientId: "papi-1", clientSecret: "LEAKED", subdomain: "bad address!", extra: "x" }, confirmed: ["plan", "rights", "nope"] } };
    expect(prefillFor(personio, stored)).toEqual({ values: { clientId: "papi-1" }, confirmed: ["plan", "rights"], allConfirmed: true });
    expect(prefillFor(personio, { personio: { confirmed: ["plan"] } })).toEqual({ values: {}, confirmed: ["plan"], allConfirmed: false });
    expect(prefillFor(hrworks, stored)).toEqual({ values: {}, confirmed: [], allConfirmed: false });
    expect(prefillFor(personio, null)).toEqual({ values: {}, confirmed: [], allConfirmed: false });
  });
});
