"use client";
import "@rainbow-me/rainbowkit/styles.css";
import { darkTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { WagmiProvider } from "wagmi";
import { DeploymentContext } from "@/hooks/useDeployment";
import type { Deployment } from "@/lib/deployment";
import { createWagmiConfig } from "@/lib/wagmi";

export function Providers({ deployment, children }: { deployment: Deployment; children: ReactNode }) {
  const [config] = useState(() => createWagmiConfig(deployment));
  const [queryClient] = useState(() => new QueryClient());
  return (
    <DeploymentContext.Provider value={deployment}>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <RainbowKitProvider theme={darkTheme({ accentColor: "#22c55e", accentColorForeground: "#052e16" })}>
            {children}
          </RainbowKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </DeploymentContext.Provider>
  );
}
