// A Justworks OAuth server and Partner API v1 simulator, written from the facts we have
// (docs/providers/justworks.md, "OAuth"; no official specification file was found, so
// lib/sandbox/justworks/spec.ts holds schemas written from the same facts and the tests
// validate every answer against them).
//
//   GET  /oauth/authorize    the consent page: pick a sandbox company, Allow or Deny
//   POST /oauth/authorize    the decision: 302 to redirect_uri with ?code&state or ?error=access_denied&state
//   POST /oauth/token        authorization_code and refresh_token grants (form body, client_secret in the form)
//   POST /v1/oauth/revoke    revokes an access or refresh token
//   GET  /v1/company         company.basic:read
//   GET  /v1/members         member.basic:read; `limit` 1-100, `cursor`
//   GET  /v1/members/{id}    member.basic:read
//
// Refresh tokens rotate: each refresh answers a new one and the old one stops working, so spending a
// refresh token twice is an `invalid_grant` (what the refresh lock of lib/connections/oauth.ts
// prevents). Codes are single use and live 10 minutes. The sandbox companies (accounts) are listed
// in `justworksOAuthAccounts` and in the README.
import { randomBytes } from "node:crypto";
import { json, sleep } from "@/lib/sandbox/util";

export const JUSTWORKS_SANDBOX_CLIENT_ID = "jw_sandbox_client";
/** Not a secret: it only opens the built-in simulator. */
export const JUSTWORKS_SANDBOX_CLIENT_SECRET = "jw_sandbox_secret_0b7c1e9d";

/** The app the demo workspace uses (lib/demo.ts through lib/sandbox/index.ts). */
export const justworksSandboxOAuthClient = { clientId: JUSTWORKS_SANDBOX_CLIENT_ID, clientSecret: JUSTWORKS_SANDBOX_CLIENT_SECRET };

export type JustworksOAuthAccount = {
  id: string;
  name: string;
  /** What it simulates, in English, for the consent page and the README. */
  description: string;
  /** The scopes the company's admin grants. */
  scopes: string[];
  /** How the token endpoint answers for this company. */
  token?: "rate_limited" | "down" | "slow";
};

const ALL = [
  "company.basic:read",
  "company.detail:read",
  "member.basic:read",
  "member.detail:read",
  "member.employment:read",
  "time_off:read",
];

export const justworksOAuthAccounts: JustworksOAuthAccount[] = [
  { id: "acme", name: "Acme Sandbox Co", description: "Every scope the app asks for: the connection is saved.", scopes: ALL },
  {
    id: "narrow",
    name: "Narrow Scopes LLC",
    description: "Grants only company.basic:read and member.basic:read: nothing is saved and the fix names the missing scopes.",
    scopes: ["company.basic:read", "member.basic:read"],
  },
  { id: "busy", name: "Busy Bees Inc", description: "The token endpoint answers 429 (rate limited).", scopes: ALL, token: "rate_limited" },
  { id: "down", name: "Offline Outfitters", description: "The token endpoint answers 503 (Justworks is down).", scopes: ALL, token: "down" },
  { id: "slow", name: "Slowpoke Partners", description: "The token endpoint answers after the deadline (Justworks is slow).", scopes: ALL, token: "slow" },
];

const MEMBERS = [
  { given: "Avery", family: "Nguyen", title: "Engineer", department: "Engineering" },
  { given: "Jordan", family: "Baptiste", title: "Controller", department: "Finance" },
  { given: "Riley", family: "Okafor", title: "Recruiter", department: "People" },
];

type Code = { clientId: string; redirectUri: string; account: string; scopes: string[]; expiresAt: number; used: boolean; challenge?: string };
type Grant = { clientId: string; account: string; scopes: string[] };
type Access = Grant & { expiresAt: number; revoked: boolean };
type Refresh = Grant & { expiresAt: number; revoked: boolean };

export type JustworksOAuthOptions = {
  /** How long the "slow" company's token endpoint takes (beyond the app's deadline). */
  slowMs?: number;
  /** Access-token lifetime in seconds (24 h as documented). */
  accessSeconds?: number;
  /** How the token answer states the lifetime: both fields (default), or one of them. */
  expiry?: "both" | "expires_in" | "expires_at";
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const token = (prefix: string) => `${prefix}_${randomBytes(24).toString("base64url")}`;

export function createJustworksOAuthSimulator(options: JustworksOAuthOptions = {}) {
  const clients = new Map<string, string>([[JUSTWORKS_SANDBOX_CLIENT_ID, JUSTWORKS_SANDBOX_CLIENT_SECRET]]);
  const codes = new Map<string, Code>();
  const access = new Map<string, Access>();
  const refresh = new Map<string, Refresh>();
  const stats = { exchanges: 0, refreshes: 0, refusedRefreshes: 0, revocations: 0 };
  const accessSeconds = options.accessSeconds ?? 24 * 60 * 60;
  const accountOf = (id: string) => justworksOAuthAccounts.find((a) => a.id === id);

  function issue(grant: Grant): Record<string, unknown> {
    const now = Date.now();
    const a = token("jwat");
    const r = token("jwrt");
    access.set(a, { ...grant, expiresAt: now + accessSeconds * 1000, revoked: false });
    refresh.set(r, { ...grant, expiresAt: now + 30 * 24 * 3600 * 1000, revoked: false });
    const expiry = options.expiry ?? "both";
    return {
      token_type: "Bearer",
      access_token: a,
      refresh_token: r,
      ...(expiry !== "expires_at" ? { expires_in: accessSeconds } : {}),
      ...(expiry !== "expires_in" ? { expires_at: new Date(now + accessSeconds * 1000).toISOString() } : {}),
      scope: grant.scopes.join(" "),
    };
  }

  const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description }, { "cache-control": "no-store" });

  function consentPage(params: URLSearchParams, problem?: string): Response {
    const hidden = ["client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method"]
      .map((k) => (params.get(k) !== null ? `<input type="hidden" name="${k}" value="${esc(params.get(k)!)}">` : ""))
      .join("");
    const options = justworksOAuthAccounts
      .map((a, i) => `<label><input type="radio" name="account" value="${a.id}"${i === 0 ? " checked" : ""}> <strong>${esc(a.name)}</strong> <small>${esc(a.description)}</small></label>`)
      .join("<br>");
    const body = problem
      ? `<h1>Justworks (sandbox)</h1><p role="alert">${esc(problem)}</p>`
      : `<h1>Justworks (sandbox)</h1><p>An app asks to read your company's data. Choose a sandbox company, then allow or deny.</p>
<form method="post" action="">${hidden}<fieldset><legend>Sandbox company</legend>${options}</fieldset>
<button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></form>`;
    return new Response(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Justworks sandbox: authorize</title></head><body>${body}</body></html>`, {
      status: problem ? 400 : 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  }

  function checkAuthorizeParams(p: URLSearchParams): string | undefined {
    if (!p.get("client_id") || !clients.has(p.get("client_id")!)) return "Unknown client_id: this app is not registered with the sandbox.";
    const redirect = p.get("redirect_uri");
    if (!redirect || !/^https?:\/\//.test(redirect)) return "redirect_uri is missing or not an http(s) address.";
    if (p.get("response_type") !== "code") return "response_type must be code.";
    return undefined;
  }

  async function authorize(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (req.method === "GET") return consentPage(url.searchParams, checkAuthorizeParams(url.searchParams));
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
    const form = new URLSearchParams(await req.text());
    const problem = checkAuthorizeParams(form);
    if (problem) return consentPage(form, problem);
    const target = new URL(form.get("redirect_uri")!);
    const state = form.get("state");
    if (state !== null) target.searchParams.set("state", state);
    const account = accountOf(form.get("account") ?? "") ?? justworksOAuthAccounts[0]!;
    if (form.get("decision") !== "allow") {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "The admin denied access.");
    } else {
      const code = token("jwcode");
      codes.set(code, {
        clientId: form.get("client_id")!,
        redirectUri: form.get("redirect_uri")!,
        account: account.id,
        scopes: account.scopes,
        expiresAt: Date.now() + 10 * 60 * 1000,
        used: false,
        ...(form.get("code_challenge") ? { challenge: form.get("code_challenge")! } : {}),
      });
      target.searchParams.set("code", code);
    }
    return new Response(null, { status: 302, headers: { location: target.toString(), "cache-control": "no-store" } });
  }

  async function tokenEndpoint(req: Request): Promise<Response> {
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
    const form = new URLSearchParams(await req.text());
    const clientId = form.get("client_id") ?? "";
    if (!clients.has(clientId) || clients.get(clientId) !== form.get("client_secret")) return oauthError(401, "invalid_client", "Client authentication failed.");
    const grantType = form.get("grant_type");
    let grant: Grant;
    if (grantType === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      if (!code || code.clientId !== clientId) return oauthError(400, "invalid_grant", "The authorization code is invalid.");
      if (code.used) return oauthError(400, "invalid_grant", "The authorization code has already been used.");
      if (code.expiresAt < Date.now()) return oauthError(400, "invalid_grant", "The authorization code has expired.");
      if (code.redirectUri !== form.get("redirect_uri")) return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request.");
      const account = accountOf(code.account)!;
      if (account.token === "rate_limited") return json(429, { error: "rate_limited" }, { "retry-after": "30" });
      if (account.token === "down") return json(503, { error: "unavailable" });
      if (account.token === "slow") await sleep(options.slowMs ?? 15_000, req.signal);
      code.used = true;
      grant = { clientId, account: code.account, scopes: code.scopes };
      stats.exchanges++;
    } else if (grantType === "refresh_token") {
      const r = refresh.get(form.get("refresh_token") ?? "");
      if (!r || r.clientId !== clientId || r.revoked || r.expiresAt < Date.now()) {
        stats.refusedRefreshes++;
        return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
      }
      r.revoked = true; // rotation: the old refresh token is spent
      grant = { clientId, account: r.account, scopes: r.scopes };
      stats.refreshes++;
    } else {
      return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
    }
    return json(200, issue(grant), { "cache-control": "no-store" });
  }

  async function revokeEndpoint(req: Request): Promise<Response> {
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
    const form = new URLSearchParams(await req.text());
    const clientId = form.get("client_id") ?? "";
    if (!clients.has(clientId) || clients.get(clientId) !== form.get("client_secret")) return oauthError(401, "invalid_client", "Client authentication failed.");
    const t = form.get("token") ?? "";
    const hit = access.get(t) ?? refresh.get(t);
    if (hit && hit.clientId === clientId) {
      hit.revoked = true;
      stats.revocations++;
    }
    return new Response(null, { status: 200 }); // RFC 7009: unknown tokens are not an error
  }

  function bearer(req: Request, scope: string): Access | Response {
    const h = req.headers.get("authorization") ?? "";
    const a = h.startsWith("Bearer ") ? access.get(h.slice(7)) : undefined;
    if (!a || a.revoked || a.expiresAt < Date.now()) return json(401, { error: "unauthorized", message: "The access token is missing, expired or revoked." });
    const granted = new Set(a.scopes);
    if (granted.has("member.detail:read")) granted.add("member.basic:read");
    if (granted.has("company.detail:read")) granted.add("company.basic:read");
    if (!granted.has(scope)) return json(403, { error: "forbidden", message: `This call needs the ${scope} scope.` });
    return a;
  }

  function member(account: string, i: number) {
    const m = MEMBERS[i]!;
    return {
      id: `mem_${account}_${i + 1}`,
      company_id: `cmp_${account}`,
      work_id: `W-${100 + i}`,
      name: { given_name: m.given, family_name: m.family, full_preferred_name: `${m.given} ${m.family}` },
      active: true,
      type: "employee",
      addresses: [],
      emails: [{ type: "work", address: `${m.given.toLowerCase()}@${account}.example` }],
      phones: [],
      employment_history: [],
      pay_history: [],
      job_title: m.title,
      department: { id: `dep_${m.department.toLowerCase()}`, name: m.department },
      created_at: "2026-01-05T09:00:00Z",
      updated_at: "2026-11-20T09:00:00Z",
    };
  }

  async function api(req: Request, segments: string[]): Promise<Response> {
    if (req.method !== "GET") return new Response(null, { status: 405, headers: { allow: "GET" } });
    if (segments.join("/") === "v1/company") {
      const a = bearer(req, "company.basic:read");
      if (a instanceof Response) return a;
      return json(200, { id: `cmp_${a.account}`, name: accountOf(a.account)!.name, created_at: "2020-03-01T00:00:00Z", updated_at: "2026-11-01T00:00:00Z" });
    }
    if (segments[0] === "v1" && segments[1] === "members") {
      const a = bearer(req, "member.basic:read");
      if (a instanceof Response) return a;
      const all = MEMBERS.map((_, i) => member(a.account, i));
      if (segments.length === 3) {
        const m = all.find((x) => x.id === segments[2]);
        return m ? json(200, m) : json(404, { error: "not_found", message: "No such member." });
      }
      if (segments.length !== 2) return json(404, { error: "not_found" });
      const url = new URL(req.url);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return json(400, { error: "invalid_request", message: "limit must be 1-100." });
      const start = Number(url.searchParams.get("cursor") ?? 0) || 0;
      const items = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return json(200, { items, next_cursor: next });
    }
    return json(404, { error: "not_found" });
  }

  /** Serves the OAuth and Partner API paths; undefined for any other path (the service-user mock's). */
  async function handler(req: Request): Promise<Response | undefined> {
    const segments = new URL(req.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const path = segments.join("/");
    if (path === "oauth/authorize") return authorize(req);
    if (path === "oauth/token") return tokenEndpoint(req);
    if (path === "v1/oauth/revoke") return revokeEndpoint(req);
    if (segments[0] === "v1") return api(req, segments);
    return undefined;
  }

  return {
    handler,
    stats,
    /** Registers another app (tests: a wrong secret is simply a different one). */
    registerClient: (id: string, secret: string) => void clients.set(id, secret),
    /** The company's admin removes the app: every token of that company stops working. */
    revokeAccount(account: string) {
      for (const t of [...access.values(), ...refresh.values()]) if (t.account === account) t.revoked = true;
    },
    /** Every access token expires now (tests of the refresh). */
    expireAccessTokens() {
      for (const t of access.values()) t.expiresAt = Date.now() - 1;
    },
  };
}

export type JustworksOAuthSimulator = ReturnType<typeof createJustworksOAuthSimulator>;
