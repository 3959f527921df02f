"use client";
import dynamic from "next/dynamic";

/**
 * The connect button. RainbowKit (its modal, and the wallet SDKs behind it) is most of a dapp's
 * JavaScript, so it arrives just after the page instead of before it: the page is readable and usable
 * at once, and the button is live a moment later.
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
  return <RainbowWallet compact={compact} />;
}
