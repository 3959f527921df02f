import type { Metadata } from "next";
import { WalletPanel } from "@/components/WalletPanel";

export const metadata: Metadata = { title: "Wallet · IP-NFT Royalties" };

export default function WalletPage() {
  return (
    <>
      <h1>Wallet</h1>
      <p className="muted">
        Licenses and shares are paid in the streamable SuperToken. Take test tokens and wrap them here.
      </p>
      <WalletPanel />
    </>
  );
}
