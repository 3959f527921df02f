"use client";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useWalletLoader } from "@/hooks/wallet/useWalletLoader";

/** Stands in while the account-aware button loads: the same words, not yet pressable. */
const loadingButton = () => (
  <button type="button" disabled aria-busy="true">
    Connect Wallet
  </button>
);
const AccountButton = dynamic(() => import("./wallet/AccountButton"), { ssr: false, loading: loadingButton });

/**
 * The connect button. A visitor who never connects downloads no wallet code: until the wallet stack is in (see
 * app/providers.tsx) this is a plain button, and pressing it loads the stack, then RainbowKit, whose modal opens.
 */
export function WalletButton({ compact }: { compact?: boolean }) {
  const { ready, load } = useWalletLoader();
  const [wanted, setWanted] = useState(false);
  const want = () => {
    setWanted(true);
    load();
  };
  if (ready) return <AccountButton compact={compact} wanted={wanted} onWant={want} />;
  return wanted ? (
    loadingButton()
  ) : (
    <button type="button" onClick={want}>
      Connect Wallet
    </button>
  );
}
