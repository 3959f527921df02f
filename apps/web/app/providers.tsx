"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { WagmiProvider } from "wagmi";
import { DeploymentContext } from "@/hooks/useDeployment";
import { createWagmiConfig, type WalletSettings } from "@/lib/wagmi";

export function Providers({ wallets, children }: { wallets: WalletSettings; children: ReactNode }) {
  const [config] = useState(() => createWagmiConfig(wallets));
  const [queryClient] = useState(() => new QueryClient());
  return (
    <DeploymentContext.Provider value={wallets.deployment}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          {/* RainbowKit's provider lives with its button (components/RainbowWallet), loaded after the page. */}
          {children}
        </QueryClientProvider>
      </WagmiProvider>
    </DeploymentContext.Provider>
  );
}
