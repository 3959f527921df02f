import { createRequire } from "node:module";
import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

// solc cannot be downloaded on our machines: compile with the npm `solc` package (same version).
const solcJs = createRequire(import.meta.url).resolve("solc/soljson.js");

// The real Superfluid framework needs these on a local chain (see README, "Local chain"):
// its deployer is 32 KB, and Osaka's per-transaction gas cap (EIP-7825) breaks its step 2.
const superfluidReady = {
  allowUnlimitedContractSize: true,
  hardfork: "prague",
  blockGasLimit: 100_000_000n,
} as const;

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    profiles: {
      default: {
        version: "0.8.30",
        path: solcJs,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
      },
    },
  },
  paths: {
    tests: {
      nodejs: "test/contracts",
      solidity: "test/solidity",
    },
  },
  networks: {
    // In-process chain for tests and benchmarks.
    default: { type: "edr-simulated", chainType: "l1", ...superfluidReady },
    // The chain `npm run dev` serves: blocks every second so streams move with the wall clock.
    devnode: {
      type: "edr-simulated",
      chainType: "l1",
      ...superfluidReady,
      mining: { auto: true, interval: 1000 },
    },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
  },
});
