"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type Config, WagmiProvider } from "wagmi";
import { createWagmiConfig, type WalletSettings } from "./wagmi";

/**
 * The wallet stack (wagmi's config, its connectors and transports, and the query client its hooks cache in): most of
 * the JavaScript a page would otherwise ship to every visitor. `app/providers.tsx` imports this module on demand.
 */
export interface WalletRuntime {
  config: Config;
  queryClient: QueryClient;
}

export function createWalletRuntime(wallets: WalletSettings): WalletRuntime {
  return { config: createWagmiConfig(wallets), queryClient: new QueryClient() };
}

/**
 * Rendered beside the page, not around it, once the runtime is in: what WagmiProvider and QueryClientProvider do when
 * they mount (reconnect a remembered wallet, start the query client). The page's contexts carry the runtime itself,
 * so its arrival never remounts the page.
 */
export function WalletRuntimeMount({ runtime }: { runtime: WalletRuntime }) {
  return (
    <WagmiProvider config={runtime.config}>
      <QueryClientProvider client={runtime.queryClient}>{null}</QueryClientProvider>
    </WagmiProvider>
  );
}
