// Justworks' OAuth route: the Partner API v1 (docs/providers/justworks.md, "OAuth"), registered in
// lib/providers/flows.ts beside the service user. A workspace with a Justworks OAuth app (client id
// and secret that Justworks issues on request) gets this route; one without keeps the service user.
//
// Decisions on the facts that are not confirmed (docs/providers/justworks.md keeps them with how to
// change them):
// - Authorize host: https://payroll.justworks.com/oauth/authorize (two independent clients use it;
//   another source derives secure.justworks.com). A vendor whose app Justworks documents otherwise
//   sets JUSTWORKS_OAUTH_AUTHORIZE_URL.
// - PKCE: off (no client sends it and Justworks documents none); `pkce: true` turns it on.
// - Token lifetime: `expires_at` (date-time) when the answer carries it, else `expires_in` (seconds),
//   else the documented 24 hours.
// - Scopes are fixed when Justworks registers the app, so the authorize URL carries no `scope`; what
//   the answer's `scope` lists is compared with what the session needs.
import { z } from "zod";
import type { OAuthFlow, OAuthTokens } from "@/lib/providers/flows";

export const JUSTWORKS_ACCESS_TOKEN_SECONDS = 24 * 60 * 60;

/** The token answer, as the facts file gives it (derived spec) with `expires_in` from a real client. */
export const justworksTokenResponse = z.object({
  token_type: z.string().optional(),
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().min(1).max(4096).optional(),
  expires_at: z.string().datetime({ offset: true }).optional(),
  expires_in: z.number().int().positive().optional(),
  scope: z.string().max(2000).optional(),
});

export const justworksTokenErrorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

/** `GET /v1/company`: only the name is read. */
export const justworksCompany = z.object({ id: z.string(), name: z.string() }).passthrough();

export const justworksOAuthScopes = [
  "company.basic:read",
  "company.detail:read",
  "company.bank_account:read",
  "member.basic:read",
  "member.detail:read",
  "member.dob:read",
  "member.sex:read",
  "member.employment:read",
  "member.pay:read",
  "member.tax_id:read",
  "payroll:read",
  "paystub:read",
  "time_off:read",
  "deductions:read",
  "deductions:write",
] as const;

function parseTokens(body: unknown, now: Date): OAuthTokens {
  const t = justworksTokenResponse.parse(body);
  const expiresAt = t.expires_at
    ? new Date(t.expires_at)
    : new Date(now.getTime() + (t.expires_in ?? JUSTWORKS_ACCESS_TOKEN_SECONDS) * 1000);
  return {
    accessToken: t.access_token,
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    expiresAt: expiresAt.toISOString(),
    ...(t.scope !== undefined ? { grantedScopes: t.scope.split(/[\s,]+/).filter(Boolean) } : {}),
  };
}

export const justworksOAuth: OAuthFlow = {
  kind: "oauth",
  provider: "justworks",
  endpoints: {
    authorize: "https://payroll.justworks.com/oauth/authorize",
    token: "https://public-api.justworks.com/oauth/token",
    revoke: "https://public-api.justworks.com/v1/oauth/revoke",
  },
  authorizeVariable: "JUSTWORKS_OAUTH_AUTHORIZE_URL",
  sandboxPaths: { authorize: "/oauth/authorize", token: "/oauth/token", revoke: "/v1/oauth/revoke" },
  sendsScope: false,
  pkce: false,
  baseScopes: ["company.basic:read"],
  // Members (with their department object) need the detail scope; documents have no endpoint.
  scopes: {
    employees: ["member.basic:read", "member.employment:read"],
    departments: ["member.detail:read"],
  },
  implies: {
    "company.detail:read": ["company.basic:read"],
    "member.detail:read": ["member.basic:read"],
    "deductions:write": ["deductions:read"],
  },
  scopeText: (scope) => `oauth.scopes.${scope.replace(/[.:]/g, "_")}`,
  parseTokenResponse: parseTokens,
  tokenError: (_status, body) => {
    const e = justworksTokenErrorResponse.safeParse(body);
    if (!e.success) return "other";
    if (e.data.error === "invalid_grant") return "invalid_grant";
    if (e.data.error === "invalid_client" || e.data.error === "unauthorized_client") return "invalid_client";
    return "other";
  },
  accountLabel: {
    path: "/v1/company",
    read: (body) => {
      const c = justworksCompany.safeParse(body);
      return c.success ? c.data.name.trim().slice(0, 200) || undefined : undefined;
    },
  },
};
