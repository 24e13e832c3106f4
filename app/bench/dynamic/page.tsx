// The same bare route as /bench/baseline, rendered per request like the wizard: it separates what
// any dynamic page costs from what is the wizard's own (`npm run bench:wizard`). Hidden like it
// (proxy.ts: 404 unless LATCHKEY_BENCH_ROUTES).
export { default, metadata } from "../baseline/page";

export const dynamic = "force-dynamic";
