// Next 16's proxy (formerly middleware; it runs in the Node.js runtime). Its main job: the
// Content-Security-Policy of every response. Framing: /connect/<token> may be framed by exactly
// the session's workspace origins, nothing else at all. Scripts: a fresh nonce per request
// (lib/csp.ts), handed to Next.js on the request's own CSP header so that it marks its scripts.
// Every request also gets an x-request-id (kept when the client sent a usable one), which audit
// rows written while serving it carry (lib/audit.ts).
// While the database is away the unknown-token limit is skipped (nothing can be resolved then) and
// framing is denied. The token is looked up by its hash and never logged. It also hides /bench/*, the comparison
// routes of `npm run bench:wizard`, unless LATCHKEY_BENCH_ROUTES is on.
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { acceptableRequestId, REQUEST_ID_HEADER } from "@/lib/audit";
import { clientAddress } from "@/lib/client-address";
import { connectTokenOf, framingHeaders, isKnownToken, DENY_FRAMING } from "@/lib/connect/framing";
import { contentSecurityPolicy, newNonce } from "@/lib/csp";
import { getDb, isDatabaseUnavailable } from "@/lib/db";
import { getEnv, isDevelopmentBuild } from "@/lib/env";
import { rateLimitMessage, unknownTokenBudget } from "@/lib/rate-limit";

const BENCH_PATH = /^\/bench(\/|$)/;

const WIZARD_PATH = /^\/connect\/[^/]/;

/**
 * Unknown session tokens are limited per client address (lib/rate-limit.ts): past the budget every
 * wizard page from that address is answered 429, valid token or not, so the answer says nothing
 * about a token. Server actions carry their token as an argument and apply the same budget.
 */
async function tokenGuard(request: NextRequest): Promise<{ refuse: NextResponse } | { charge: () => Promise<void> } | null> {
  const { pathname } = request.nextUrl;
  if (!WIZARD_PATH.test(pathname)) return null;
  const ip = clientAddress(request.headers);
  const budget = unknownTokenBudget();
  let wait: number;
  try {
    wait = await budget.blockedFor(ip);
  } catch (err) {
    // The database is away (stopped, restarting): no token can be resolved, so there is nothing to
    // guess and nothing to count. The page and the actions answer database_unavailable themselves;
    // failing here would be a bare 500 (the fault drill's intermittent one, issue #15).
    if (isDatabaseUnavailable(err)) return null;
    throw err;
  }
  if (wait > 0) {
    const en = rateLimitMessage(wait);
    const refuse = new NextResponse(`${en.en}\n${en.de}\n`, {
      status: 429,
      headers: { "content-type": "text/plain; charset=utf-8", "retry-after": String(wait), "cache-control": "no-store", "content-security-policy": DENY_FRAMING, "x-frame-options": "DENY" },
    });
    return { refuse };
  }
  const token = connectTokenOf(pathname);
  return {
    charge: async () => {
      if (!token || !(await isKnownToken(getDb(), token))) await budget.take(ip);
    },
  };
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const guard = await tokenGuard(request);
  if (guard && "refuse" in guard) return guard.refuse;
  const env = getEnv();
  const hidden = BENCH_PATH.test(request.nextUrl.pathname) && !env.LATCHKEY_BENCH_ROUTES;
  let headers: Record<string, string>;
  try {
    headers = await framingHeaders(getDb(), request.nextUrl.pathname);
  } catch {
    // Database unreachable: fail closed.
    headers = { "content-security-policy": DENY_FRAMING, "x-frame-options": "DENY" };
  }
  const csp = contentSecurityPolicy(headers["content-security-policy"] ?? DENY_FRAMING, newNonce(), { dev: isDevelopmentBuild() });
  headers["content-security-policy"] = csp;
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  forwarded.set(REQUEST_ID_HEADER, acceptableRequestId(request.headers.get(REQUEST_ID_HEADER)) ?? randomUUID());
  const res = hidden
    ? new NextResponse("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } })
    : NextResponse.next({ request: { headers: forwarded } });
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  if (guard) await guard.charge().catch(() => {});
  return res;
}

export const config = {
  // Static build assets carry no page and need no framing policy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
