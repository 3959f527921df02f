"use client";
import dynamic from "next/dynamic";
import { useAccount } from "wagmi";

/**
 * The connect button once the wallet stack is in. RainbowKit (its modal and the wallet SDKs behind it) is the
 * heaviest part of it, so it arrives only when the visitor asked to connect (its modal then opens by itself) or a
 * wallet reconnects from an earlier visit; a disconnected visitor keeps a plain button.
 */
const RainbowWallet = dynamic(() => import("../RainbowWallet"), {
  ssr: false,
  loading: () => (
    <button type="button" disabled aria-busy="true">
      Connect Wallet
    </button>
  ),
});

export default function AccountButton({
  compact,
  wanted,
  onWant,
}: {
  compact?: boolean;
  wanted: boolean;
  onWant: () => void;
}) {
  const { status } = useAccount();
  if (wanted || status === "connected" || status === "reconnecting")
    return <RainbowWallet compact={compact} openModal={wanted && status !== "connected"} />;
  return (
    <button type="button" onClick={onWant}>
      Connect Wallet
    </button>
  );
}
