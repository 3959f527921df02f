import { createRequire } from "node:module";
import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

// solc cannot be downloaded on our machines: compile with the npm `solc` package (same version).
const solcJs = createRequire(import.meta.url).resolve("solc/soljson.js");

// The real Superfluid framework needs these on a local chain (see README, "Local chain"):
// its deployer is 32 KB, and Osaka's per-transaction gas cap (EIP-7825) breaks its step 2.
const superfluidReady = {
  allowUnlimitedContractSize: true,
  hardfork: "prague",
  blockGasLimit: 100_000_000n,
} as const;

/** A public chain reached through `rpcVariable`, deployed to with DEPLOYER_PRIVATE_KEY. */
function publicChain(chainId: number, rpcVariable: string): HttpNetworkUserConfig {
  return {
    type: "http",
    chainType: "op",
    chainId,
    url: configVariable(rpcVariable),
    accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
  };
}

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

    // Public chains where Superfluid runs: `npm run deploy -- --network <name>` (scripts/deploy/cli.ts). Their RPC
    // URLs and the deployer's key are Hardhat configuration variables: `npx hardhat keystore set NAME`, or the
    // environment variable of that name. Never in a file.
    baseSepolia: publicChain(84532, "BASE_SEPOLIA_RPC_URL"),
    optimismSepolia: publicChain(11155420, "OPTIMISM_SEPOLIA_RPC_URL"),
    base: publicChain(8453, "BASE_RPC_URL"),
    optimism: publicChain(10, "OPTIMISM_RPC_URL"),

    // The production rehearsal (CI): a local node with Base Sepolia's chain id, served by `hardhat node --network
    // rehearsalnode`, deployed to in production mode through `rehearsal` (no faucet, no test token, a key).
    rehearsalnode: { type: "edr-simulated", chainType: "l1", chainId: 84532, ...superfluidReady },
    rehearsal: {
      type: "http",
      chainType: "l1",
      chainId: 84532,
      // Read here, once: the rehearsal's node is local, its URL is no secret.
      url: process.env.REHEARSAL_RPC_URL ?? "http://127.0.0.1:10545",
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  // Contract verification on Etherscan (its v2 API: one key for every chain). `npm run deploy` prints the commands,
  // and runs them when ETHERSCAN_API_KEY is set.
  verify: { etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") } },
});
