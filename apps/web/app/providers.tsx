"use client";
import type { Deployment } from "@ipnft/protocol/deployment";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { WagmiProvider } from "wagmi";
import { DeploymentContext } from "@/hooks/useDeployment";
import { createWagmiConfig } from "@/lib/wagmi";

export function Providers({ deployment, children }: { deployment: Deployment; children: ReactNode }) {
  const [config] = useState(() => createWagmiConfig(deployment));
  const [queryClient] = useState(() => new QueryClient());
  return (
    <DeploymentContext.Provider value={deployment}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          {/* RainbowKit's provider lives with its button (components/RainbowWallet), loaded after the page. */}
          {children}
        </QueryClientProvider>
      </WagmiProvider>
    </DeploymentContext.Provider>
  );
}
