"use client";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Wallet } from "@rainbow-me/rainbowkit";
import { defineChain } from "viem";
import { hardhat } from "viem/chains";
import { createConfig, createConnector, http, injected } from "wagmi";
import { devWallet } from "./dev-wallet";

/** The chain the deployment lives on, with the RPC URL the deployment names. */
export function chainOf(deployment: Deployment) {
  const base = deployment.chainId === hardhat.id ? hardhat : undefined;
  return defineChain({
    ...(base ?? {
      id: deployment.chainId,
      name: `Chain ${deployment.chainId}`,
      nativeCurrency: hardhat.nativeCurrency,
    }),
    id: deployment.chainId,
    name: base ? "Local chain" : `Chain ${deployment.chainId}`,
    rpcUrls: { default: { http: [deployment.rpcUrl] } },
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

/** wagmi config: injected wallets (MetaMask and friends) everywhere, the dev wallet on the local chain only. */
export function createWagmiConfig(deployment: Deployment) {
  const chain = chainOf(deployment);
  const local = deployment.chainId === hardhat.id && deployment.devAccounts;
  const connectors = walletConnectors([
    ...(local ? [{ groupName: "Try it without an extension", wallets: [() => devWallet(deployment)] }] : []),
    { groupName: "Browser wallet", wallets: [browserWallet] },
  ]);
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(deployment.rpcUrl) },
    ssr: true,
    pollingInterval: 1_000,
  });
}
