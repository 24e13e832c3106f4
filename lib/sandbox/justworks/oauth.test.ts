// The Justworks OAuth server and Partner API simulator, its answers validated against the schemas
// written from the facts (spec.ts): consent page, code exchange (single use), refresh rotation,
// the token endpoint's errors, revocation, and the member and company reads with scope checks.
import { describe, expect, it } from "vitest";
import * as spec from "@/lib/sandbox/justworks/spec";
import { createJustworksOAuthSimulator, JUSTWORKS_SANDBOX_CLIENT_ID as ID, JUSTWORKS_SANDBOX_CLIENT_SECRET as SECRET } from "@/lib/sandbox/justworks/oauth";

const BASE = "http://sandbox.test";
const REDIRECT = "https://app.example/oauth/callback";

async function call(sim: ReturnType<typeof createJustworksOAuthSimulator>, path: string, init: RequestInit & { form?: Record<string, string> } = {}) {
  const { form, ...rest } = init;
  const res = (await sim.handler(new Request(BASE + path, { ...rest, ...(form ? { method: "POST", body: new URLSearchParams(form) } : {}) })))!;
  return res;
}

async function code(sim: ReturnType<typeof createJustworksOAuthSimulator>, account = "acme", decision = "allow") {
  const q = new URLSearchParams({ client_id: ID, redirect_uri: REDIRECT, response_type: "code", state: "s1", account, decision });
  const res = await call(sim, "/oauth/authorize", { form: Object.fromEntries(q) });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

const exchange = (sim: ReturnType<typeof createJustworksOAuthSimulator>, c: string, secret = SECRET) =>
  call(sim, "/oauth/token", { form: { grant_type: "authorization_code", code: c, redirect_uri: REDIRECT, client_id: ID, client_secret: secret } });

describe("Justworks OAuth simulator", () => {
  it("shows a consent page with Allow and Deny, and refuses an unknown client", async () => {
    const sim = createJustworksOAuthSimulator();
    const ok = await call(sim, `/oauth/authorize?client_id=${ID}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&state=%3Cx%3E`);
    const html = await ok.text();
    expect(ok.status).toBe(200);
    expect(html).toContain(">Allow</button>");
    expect(html).toContain(">Deny</button>");
    expect(html).toContain('value="&#60;x&#62;"'); // the state is escaped
    const bad = await call(sim, `/oauth/authorize?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`);
    expect(bad.status).toBe(400);
  });

  it("Deny redirects with access_denied and the state", async () => {
    const back = await code(createJustworksOAuthSimulator(), "acme", "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("s1");
  });

  it("exchanges a code once; the answer matches the spec; a reused code is invalid_grant", async () => {
    const sim = createJustworksOAuthSimulator();
    const c = (await code(sim)).searchParams.get("code")!;
    const first = await exchange(sim, c);
    expect(first.status).toBe(200);
    const tokens = spec.tokenAnswer.parse(await first.json());
    expect(tokens.scope.split(" ")).toContain("member.detail:read");
    const again = await exchange(sim, c);
    expect(again.status).toBe(400);
    expect(spec.tokenError.parse(await again.json()).error).toBe("invalid_grant");
  });

  it("a wrong client secret is invalid_client (401)", async () => {
    const sim = createJustworksOAuthSimulator();
    const res = await exchange(sim, (await code(sim)).searchParams.get("code")!, "wrong");
    expect(res.status).toBe(401);
    expect(spec.tokenError.parse(await res.json()).error).toBe("invalid_client");
  });

  it.each(["expires_in", "expires_at"] as const)("states the lifetime as %s alone when so configured", async (expiry) => {
    const sim = createJustworksOAuthSimulator({ expiry });
    const body = spec.tokenAnswer.parse(await (await exchange(sim, (await code(sim)).searchParams.get("code")!)).json());
    expect(Object.keys(body)).toContain(expiry);
    expect(Object.keys(body)).not.toContain(expiry === "expires_in" ? "expires_at" : "expires_in");
  });

  it("rotates refresh tokens: the old one is spent; a revoked or expired one is invalid_grant", async () => {
    const sim = createJustworksOAuthSimulator();
    const t1 = spec.tokenAnswer.parse(await (await exchange(sim, (await code(sim)).searchParams.get("code")!)).json());
    const refresh = (rt: string) => call(sim, "/oauth/token", { form: { grant_type: "refresh_token", refresh_token: rt, client_id: ID, client_secret: SECRET } });
    const r2 = await refresh(t1.refresh_token);
    const t2 = spec.tokenAnswer.parse(await r2.json());
    expect(t2.refresh_token).not.toBe(t1.refresh_token);
    expect(spec.tokenError.parse(await (await refresh(t1.refresh_token)).json()).error).toBe("invalid_grant");
    expect((await call(sim, "/v1/oauth/revoke", { form: { client_id: ID, client_secret: SECRET, token: t2.refresh_token, token_type_hint: "refresh_token" } })).status).toBe(200);
    expect(spec.tokenError.parse(await (await refresh(t2.refresh_token)).json()).error).toBe("invalid_grant");
  });

  it("reads the company and members with scope checks (401 without a valid token, 403 without the scope)", async () => {
    const sim = createJustworksOAuthSimulator();
    const full = spec.tokenAnswer.parse(await (await exchange(sim, (await code(sim)).searchParams.get("code")!)).json());
    const get = (path: string, token?: string) => call(sim, path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect(spec.company.parse(await (await get("/v1/company", full.access_token)).json()).name).toBe("Acme Sandbox Co");
    const list = spec.memberList.parse(await (await get("/v1/members?limit=2", full.access_token)).json());
    expect(list.items).toHaveLength(2);
    expect(list.next_cursor).toBe("2");
    spec.member.parse(await (await get(`/v1/members/${list.items[0]!.id}`, full.access_token)).json());
    const unauth = await get("/v1/members");
    expect(unauth.status).toBe(401);
    spec.apiError.parse(await unauth.json());
    expect((await get("/v1/members?limit=0", full.access_token)).status).toBe(400);

    const narrow = spec.tokenAnswer.parse(await (await exchange(sim, (await code(sim, "narrow")).searchParams.get("code")!)).json());
    expect(narrow.scope.split(" ").sort()).toEqual(["company.basic:read", "member.basic:read"]);
    expect((await get("/v1/members", narrow.access_token)).status).toBe(200);
    sim.revokeAccount("acme");
    expect((await get("/v1/company", full.access_token)).status).toBe(401);
  });

  it("token endpoint accounts: 429 with Retry-After, 503", async () => {
    const sim = createJustworksOAuthSimulator();
    const busy = await exchange(sim, (await code(sim, "busy")).searchParams.get("code")!);
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("30");
    expect((await exchange(sim, (await code(sim, "down")).searchParams.get("code")!)).status).toBe(503);
  });
});
