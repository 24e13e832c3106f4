import path from "node:path";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Inside the Latchkey repository the packages come from its root node_modules (npm workspaces).
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
};

export default nextConfig;
