import path from "node:path";
import { baseSecurityHeaders } from "@ipnft/gateway/security-headers";
import type { NextConfig } from "next";
import { CompileHintsPlugin } from "./bundling/compile-hints";

const config: NextConfig = {
  // npm workspaces hoist packages to the repository root.
  turbopack: { root: path.resolve(process.cwd(), "../..") },
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  reactStrictMode: true,
  poweredByHeader: false,
  // Native modules load from node_modules at run time; bundling them would lose their prebuilt binaries.
  // PGlite (the gateway's embedded database) loads its WebAssembly Postgres from its own package files.
  // Ponder: the indexer's schema is built with its table helpers; the rest of Ponder (its CLI, GraphQL, database
  // drivers) must not be bundled into the app, so it loads from node_modules on the server only.
  // The C2PA SDK (WebAssembly) and the box reader beside it load from node_modules too.
  serverExternalPackages: [
    "secp256k1",
    "sharp",
    "@electric-sql/pglite",
    "ponder",
    "@contentauth/c2pa-wasm",
    "@trustnxt/c2pa-ts",
  ],
  // Pages get these and their CSP from proxy.ts, the gateway's routes from the gateway; Next's own files here.
  async headers() {
    const headers = Object.entries(baseSecurityHeaders).map(([key, value]) => ({ key, value }));
    return [{ source: "/_next/:path*", headers }];
  },
  // The workspace packages ship TypeScript sources; Next compiles them with the app.
  transpilePackages: ["@ipnft/protocol", "@ipnft/gateway", "@ipnft/ai-client", "@ipnft/indexer"],
  webpack(webpackConfig, { dev, isServer, webpack }) {
    if (!dev && !isServer) {
      webpackConfig.plugins ??= [];
      webpackConfig.plugins.push(new CompileHintsPlugin(webpack));
    }
    webpackConfig.resolve ??= {};
    // MetaMask's SDK (pulled in by wagmi's connectors) optionally imports React Native storage; the web has none.
    webpackConfig.resolve.alias = {
      ...webpackConfig.resolve.alias,
      "@react-native-async-storage/async-storage": false,
    };
    return webpackConfig;
  },
};

export default config;
