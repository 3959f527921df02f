import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // npm workspaces hoist packages to the repository root.
  turbopack: { root: path.resolve(process.cwd(), "../..") },
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  reactStrictMode: true,
  poweredByHeader: false,
  // Native modules load from node_modules at run time; bundling them would lose their prebuilt binaries.
  serverExternalPackages: ["secp256k1", "sharp"],
  // Server modules shared with scripts and tests import TypeScript siblings by their emitted name
  // ("./store.js"), as Node's ESM resolution wants; resolve such imports to the .ts source.
  webpack(webpackConfig) {
    webpackConfig.resolve ??= {};
    webpackConfig.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] };
    // MetaMask's SDK (pulled in by wagmi's connectors) optionally imports React Native storage; the web has none.
    webpackConfig.resolve.alias = { ...webpackConfig.resolve.alias, "@react-native-async-storage/async-storage": false };
    return webpackConfig;
  },
};

export default config;
