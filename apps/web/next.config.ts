import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // npm workspaces hoist packages to the repository root.
  turbopack: { root: path.resolve(process.cwd(), "../..") },
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
