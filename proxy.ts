// Next 16's proxy (formerly middleware; it runs in the Node.js runtime). Its main job: framing.
// /connect/<token> may be framed by exactly the session's workspace origins, nothing else at all.
// The token is looked up by its hash and never logged. It also hides /bench/*, the comparison
// routes of `npm run bench:wizard`, unless LATCHKEY_BENCH_ROUTES is on.
import { NextResponse, type NextRequest } from "next/server";
import { framingHeaders, DENY_FRAMING } from "@/lib/connect/framing";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";

const BENCH_PATH = /^\/bench(\/|$)/;

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const hidden = BENCH_PATH.test(request.nextUrl.pathname) && !getEnv().LATCHKEY_BENCH_ROUTES;
  const res = hidden ? new NextResponse("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } }) : NextResponse.next();
  let headers: Record<string, string>;
  try {
    headers = await framingHeaders(getDb(), request.nextUrl.pathname);
  } catch {
    // Database unreachable: fail closed.
    headers = { "content-security-policy": DENY_FRAMING, "x-frame-options": "DENY" };
  }
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export const config = {
  // Static build assets carry no page and need no framing policy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
