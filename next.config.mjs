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
    // moment also serving the page's JS chunks. All our CSS is ~14 KB (~3.5 KB compressed);
    // `npm run bench:wizard` measures the effect.
    inlineCss: true,
  },
};

export default nextConfig;
