"use client";
import dynamic from "next/dynamic";
import { useWalletLoader } from "@/hooks/wallet/useWalletLoader";

/**
 * Wallet-bound parts of every page's frame, shown only once the wallet stack is in (see app/providers.tsx): before
 * that no wallet is connected, so they would show nothing, and their code (wagmi's hooks, the dev wallet) stays out
 * of the first load.
 */
const RoleSwitcher = dynamic(() => import("../RoleSwitcher").then((m) => m.RoleSwitcher), { ssr: false });
const NetworkGuard = dynamic(() => import("../NetworkGuard").then((m) => m.NetworkGuard), { ssr: false });

export function LazyRoleSwitcher() {
  return useWalletLoader().ready ? <RoleSwitcher /> : null;
}

export function LazyNetworkGuard() {
  return useWalletLoader().ready ? <NetworkGuard /> : null;
}
