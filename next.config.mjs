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
};

export default nextConfig;
