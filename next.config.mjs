import createNextIntlPlugin from "next-intl/plugin";

// Every catalog under messages/ is precompiled at build time: the browser then formats with
// next-intl's small precompiled-message formatter (icu-minify) instead of shipping an ICU parser,
// which keeps the wizard's first screen within its 150 KB budget (`npm run bench:wizard`).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native, WASM or worker-thread packages must be loaded by Node, not bundled.
  serverExternalPackages: [
    "pino",
    "pino-pretty",
    "pg",
    "pg-boss",
    "@electric-sql/pglite",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Stylesheets as <style> in the HTML instead of render-blocking <link>s: the wizard's first paint
    // waited for its two CSS files (globals + connect), fetched from a server that is at that
    // moment also serving the page's JS chunks (and, on a real network, one more round trip).
    // The price: Next also puts the CSS text in the page's RSC payload, so the wizard's HTML grows
    // from ~8.5 to ~14.5 KB compressed. `npm run bench:wizard` measures the effect.
    inlineCss: true,
    // The same limit as API bodies (API_BODY_LIMIT_BYTES in lib/api/handler.ts); the launcher
    // answers a larger Content-Length with 413 payload_too_large before Next.js reads it.
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default withNextIntl(nextConfig);
