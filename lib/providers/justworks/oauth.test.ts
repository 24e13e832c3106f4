// Justworks' OAuth declaration: the token answer's lifetime (the unconfirmed expires_at vs
// expires_in), the granted scopes with their parent → child relation, and the scope words.
import { describe, expect, it } from "vitest";
import { expandGranted, getOAuthFlow, missingOAuthScopes, oauthScopesFor } from "@/lib/providers/flows";
import { justworksOAuth, justworksOAuthScopes } from "@/lib/providers/justworks/oauth";
import { providerText } from "@/lib/providers/text";

const now = new Date("2026-12-03T06:00:00Z");

describe("Justworks OAuth", () => {
  it("is registered as the provider's OAuth route, without scope parameter or PKCE", () => {
    expect(getOAuthFlow("justworks")).toBe(justworksOAuth);
    expect(justworksOAuth.sendsScope).toBe(false);
    expect(justworksOAuth.pkce).toBe(false);
    expect(justworksOAuth.endpoints.authorize).toBe("https://payroll.justworks.com/oauth/authorize");
  });

  it("prefers expires_at, else expires_in, else the documented 24 hours", () => {
    const base = { token_type: "Bearer", access_token: "a", refresh_token: "r" };
    expect(justworksOAuth.parseTokenResponse({ ...base, expires_at: "2026-12-04T00:00:00Z", expires_in: 60 }, now).expiresAt).toBe("2026-12-04T00:00:00.000Z");
    expect(justworksOAuth.parseTokenResponse({ ...base, expires_in: 3600 }, now).expiresAt).toBe("2026-12-03T07:00:00.000Z");
    expect(justworksOAuth.parseTokenResponse(base, now).expiresAt).toBe("2026-12-04T06:00:00.000Z");
    expect(justworksOAuth.parseTokenResponse({ ...base, scope: "member.basic:read company.basic:read" }, now).grantedScopes).toEqual(["member.basic:read", "company.basic:read"]);
    expect(justworksOAuth.parseTokenResponse(base, now).grantedScopes).toBeUndefined();
    expect(() => justworksOAuth.parseTokenResponse({ token_type: "Bearer" }, now)).toThrow();
  });

  it("a parent scope grants its child; what each Latchkey scope lacks is named", () => {
    expect([...expandGranted(justworksOAuth, ["member.detail:read"])].sort()).toEqual(["member.basic:read", "member.detail:read"]);
    expect(missingOAuthScopes(justworksOAuth, ["employees", "departments", "documents"], ["company.basic:read", "member.basic:read"])).toEqual({
      employees: ["member.employment:read"],
      departments: ["member.detail:read"],
      documents: null,
    });
    expect(oauthScopesFor(justworksOAuth, ["employees"])).toEqual(["company.basic:read", "member.basic:read", "member.employment:read"]);
  });

  it("classifies the token endpoint's errors", () => {
    expect(justworksOAuth.tokenError(400, { error: "invalid_grant" })).toBe("invalid_grant");
    expect(justworksOAuth.tokenError(401, { error: "invalid_client" })).toBe("invalid_client");
    expect(justworksOAuth.tokenError(400, "<html>")).toBe("other");
  });

  it("has words for every scope in both languages", () => {
    for (const s of justworksOAuthScopes) {
      const text = providerText("justworks", justworksOAuth.scopeText(s));
      expect(text.en).toContain(s);
      expect(text.de).toContain(s);
    }
    expect(justworksOAuth.accountLabel.read({ id: "c", name: " Acme Inc " })).toBe("Acme Inc");
  });
});
