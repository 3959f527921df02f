"use client";
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { defineChain } from "viem";
import { hardhat } from "viem/chains";
import { createConfig, http } from "wagmi";
import type { Deployment } from "./deployment";
import { devWallet } from "./dev-wallet";

/** The chain the deployment lives on, with the RPC URL the deployment names. */
export function chainOf(deployment: Deployment) {
  const base = deployment.chainId === hardhat.id ? hardhat : undefined;
  return defineChain({
    ...(base ?? { id: deployment.chainId, name: `Chain ${deployment.chainId}`, nativeCurrency: hardhat.nativeCurrency }),
    id: deployment.chainId,
    name: base ? "Local chain" : `Chain ${deployment.chainId}`,
    rpcUrls: { default: { http: [deployment.rpcUrl] } },
  });
}

/** wagmi config: injected wallets (MetaMask and friends) everywhere, the dev wallet on the local chain only. */
export function createWagmiConfig(deployment: Deployment) {
  const chain = chainOf(deployment);
  const local = deployment.chainId === hardhat.id && deployment.devAccounts;
  const connectors = connectorsForWallets(
    [
      ...(local ? [{ groupName: "Try it without an extension", wallets: [() => devWallet(deployment)] }] : []),
      { groupName: "Browser wallet", wallets: [injectedWallet] },
    ],
    // No WalletConnect relay is reachable from a local chain; injected and dev wallets need no project id.
    { appName: "IP-NFT Royalties", projectId: "local-only" },
  );
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(deployment.rpcUrl) },
    ssr: true,
    pollingInterval: 1_000,
  });
}
