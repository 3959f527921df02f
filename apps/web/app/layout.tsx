import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/Header";
import { LazyNetworkGuard } from "@/components/wallet/WalletOnly";
import { loadDeployment, loadWalletSettings } from "@/lib/deployment.server";
import "./globals.css";
import { Providers } from "./providers";

// Every request reads the current deployment file, so a redeployed chain is never served stale.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "IP-NFT Royalties",
  description:
    "License your work for AI training on chain, and stream its royalties to the people who hold its shares.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const lookup = await loadDeployment();
  const wallets = "deployment" in lookup ? await loadWalletSettings(lookup.deployment) : undefined;
  return (
    <html lang="en">
      <body>
        {wallets ? (
          <Providers wallets={wallets}>
            <Header />
            <LazyNetworkGuard />
            <main>{children}</main>
          </Providers>
        ) : (
          <main>
            <h1>IP-NFT Royalties</h1>
            <p role="alert" className="problem">
              {"problem" in lookup ? lookup.problem : null}
            </p>
          </main>
        )}
      </body>
    </html>
  );
}
