// The bare route handler of `npm run bench:api`: no database, no authentication, a small JSON
// answer, in the same server and behind the same proxy.ts as the API, so that the API's figures
// can be read as a share of what this server does with nothing to do. Hidden like every /bench
// route (proxy.ts: 404 unless LATCHKEY_BENCH_ROUTES).
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
