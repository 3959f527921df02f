"use client";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useAccount } from "wagmi";

/**
 * The connect button. RainbowKit (its modal and the wallet SDKs behind it) is most of a dapp's
 * JavaScript, so a visitor who has not connected gets a plain button, and RainbowKit arrives when they
 * press it (its modal then opens by itself) or when a wallet reconnects from an earlier visit. Reading
 * the catalog never pays for it.
 */
const RainbowWallet = dynamic(() => import("./RainbowWallet"), {
  ssr: false,
  loading: () => (
    <button type="button" disabled aria-busy="true">
      Connect Wallet
    </button>
  ),
});

export function WalletButton({ compact }: { compact?: boolean }) {
  const { status } = useAccount();
  const [wanted, setWanted] = useState(false);
  if (wanted || status === "connected" || status === "reconnecting")
    return <RainbowWallet compact={compact} openModal={wanted && status !== "connected"} />;
  return (
    <button type="button" onClick={() => setWanted(true)}>
      Connect Wallet
    </button>
  );
}
