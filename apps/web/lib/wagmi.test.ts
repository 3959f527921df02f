import type { Deployment } from "@ipnft/protocol/deployment";
import { describe, expect, it } from "vitest";
import { readWalletConfig } from "./deployment.server";
import { createWagmiConfig, type PublicChain } from "./wagmi";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as const;
const deploymentOn = (chainId: number): Deployment => ({
  chainId,
  rpcUrl: "http://127.0.0.1:8545",
  startBlock: 0,
  superfluid: {
    host: address(1),
    cfa: address(2),
    gda: address(3),
    superTokenFactory: address(4),
    resolver: address(5),
    cfaV1Forwarder: address(6),
    gdaV1Forwarder: address(7),
    macroForwarder: address(8),
  },
  currency: {
    underlying: address(9),
    underlyingSymbol: "USDC",
    underlyingDecimals: 6,
    underlyingEip712: { name: "USD Coin", version: "2" },
    superToken: address(10),
    superTokenSymbol: "USDCx",
    decimals: 18,
  },
  contracts: {},
  devAccounts: { artist: address(11), aiCompany: address(12), fan: address(13) },
});
const chain = (id: number, rpcUrl = "http://127.0.0.1:8545"): PublicChain => ({
  id,
  name: `Chain ${id}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrl,
  testnet: true,
});
const walletIds = (deployment: Deployment, chains: PublicChain[], walletConnectProjectId?: string) =>
  createWagmiConfig({ deployment, chains, walletConnectProjectId }).connectors.map((c) => c.id);

describe("wallet settings from the environment", () => {
  it("reads an RPC URL per chain id and the WalletConnect project id", () => {
    const config = readWalletConfig({
      NEXT_PUBLIC_RPC_URL_84532: " https://sepolia.base.org ",
      NEXT_PUBLIC_RPC_URL_10: "https://mainnet.optimism.io",
      NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "0123456789abcdef0123456789abcdef",
      RPC_URL_1: "https://ignored.example",
    });
    expect([...config.rpcUrls]).toEqual([
      [84532, "https://sepolia.base.org"],
      [10, "https://mainnet.optimism.io"],
    ]);
    expect(config.walletConnectProjectId).toBe("0123456789abcdef0123456789abcdef");
  });

  it("leaves WalletConnect off when no project id is set", () => {
    expect(readWalletConfig({}).walletConnectProjectId).toBeUndefined();
  });

  it("refuses an RPC URL that is not http(s), naming the variable", () => {
    expect(() => readWalletConfig({ NEXT_PUBLIC_RPC_URL_84532: "sepolia.base.org" })).toThrow(
      /NEXT_PUBLIC_RPC_URL_84532 must be an http\(s\):\/\/ URL/,
    );
  });

  it("refuses a WalletConnect project id that is not one, naming the variable", () => {
    expect(() => readWalletConfig({ NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "my-project" })).toThrow(
      /NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID must be/,
    );
  });
});

describe("wagmi config by chain", () => {
  it("offers the dev wallet on the local chain", () => {
    expect(walletIds(deploymentOn(31337), [chain(31337)])).toEqual(["devWallet", "injected"]);
  });

  it("offers no dev wallet on a public chain, even if the file lists dev accounts", () => {
    expect(walletIds(deploymentOn(84532), [chain(84532)])).toEqual(["injected"]);
  });

  it("knows every chain with a deployment, the served one first, each through its own RPC URL", () => {
    const config = createWagmiConfig({
      deployment: deploymentOn(84532),
      chains: [chain(84532, "https://sepolia.base.org"), chain(31337)],
    });
    expect(config.chains.map((c) => [c.id, c.rpcUrls.default.http[0]])).toEqual([
      [84532, "https://sepolia.base.org"],
      [31337, "http://127.0.0.1:8545"],
    ]);
  });
});
