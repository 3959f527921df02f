"use client";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Wallet } from "@rainbow-me/rainbowkit";
import { walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { type Chain, defineChain } from "viem";
import { createConfig, createConnector, http, injected } from "wagmi";
import { devWallet, LOCAL_CHAIN_ID } from "./dev-wallet";

/** A chain the app has a deployment for, as the server describes it to the browser (see deployment.server.ts). */
export interface PublicChain {
  id: number;
  name: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  /** The RPC endpoint the browser uses: `NEXT_PUBLIC_RPC_URL_<chainId>`, else the deployment file's. */
  rpcUrl: string;
  blockExplorer?: { name: string; url: string };
  testnet: boolean;
}

/** What the server hands the browser for its wallets: the served deployment first among the chains present. */
export interface WalletSettings {
  deployment: Deployment;
  chains: PublicChain[];
  /** Set: WalletConnect's wallets are offered. Unset: none, and nothing reaches WalletConnect's servers. */
  walletConnectProjectId?: string;
}

/** A viem chain from the server's description. */
export function chainOf(chain: PublicChain) {
  return defineChain({
    id: chain.id,
    name: chain.name,
    nativeCurrency: chain.nativeCurrency,
    rpcUrls: { default: { http: [chain.rpcUrl] } },
    blockExplorers: chain.blockExplorer ? { default: chain.blockExplorer } : undefined,
    testnet: chain.testnet,
  });
}

const browserWalletIcon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28'%3E%3Crect width='28' height='28' rx='6' fill='%23e2e8f0'/%3E%3Cpath d='M6 9h16v11H6z' fill='none' stroke='%23334155' stroke-width='2'/%3E%3Ccircle cx='18' cy='14.5' r='1.6' fill='%23334155'/%3E%3C/svg%3E";

/** MetaMask or any other wallet the browser injects (EIP-1193 `window.ethereum`). */
const browserWallet = (): Wallet => ({
  id: "injected",
  name: "Browser Wallet",
  iconUrl: browserWalletIcon,
  iconBackground: "#e2e8f0",
  installed: typeof window !== "undefined" && Boolean((window as { ethereum?: unknown }).ethereum),
  createConnector: (walletDetails) => createConnector((config) => ({ ...injected()(config), ...walletDetails })),
});

/**
 * The wallets RainbowKit's modal lists, as wagmi connectors carrying RainbowKit's wallet details, built as
 * `connectorsForWallets` builds them. Done here, without importing RainbowKit's runtime, so the wallet
 * modal's code (and the WalletConnect, Coinbase and MetaMask SDKs it brings) loads only when the modal
 * does, not with every page.
 */
function walletConnectors(groups: { groupName: string; wallets: Array<() => Wallet> }[]) {
  let index = -1;
  return groups.flatMap(({ groupName, wallets }, groupIndex) =>
    wallets.map((create) => {
      index++;
      const { createConnector: make, ...meta } = create();
      return make({
        rkDetails: { ...meta, groupIndex: groupIndex + 1, groupName, index, isRainbowKitConnector: true },
      } as never);
    }),
  );
}

/**
 * wagmi config: a chain for every deployment present (the served one first), injected wallets (MetaMask and any wallet
 * announcing itself by EIP-6963) everywhere, WalletConnect when a project id is set, and the dev wallet on the local
 * chain only.
 */
export function createWagmiConfig({ deployment, chains: present, walletConnectProjectId }: WalletSettings) {
  const [served, ...others] = present.map(chainOf);
  const local = deployment.chainId === LOCAL_CHAIN_ID && deployment.devAccounts;
  const connectors = walletConnectors([
    ...(local ? [{ groupName: "Try it without an extension", wallets: [() => devWallet(deployment)] }] : []),
    {
      groupName: "Browser wallet",
      wallets: [
        browserWallet,
        ...(walletConnectProjectId ? [() => walletConnectWallet({ projectId: walletConnectProjectId })] : []),
      ],
    },
  ]);
  return createConfig({
    chains: [served, ...others] as [Chain, ...Chain[]],
    connectors,
    transports: Object.fromEntries(present.map((c) => [c.id, http(c.rpcUrl)])),
    ssr: true,
    pollingInterval: 1_000,
  });
}
