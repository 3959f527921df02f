"use client";
import { createContext, useContext } from "react";

/** Whether the wallet stack has arrived, and how to ask for it (see app/providers.tsx). */
export interface WalletLoader {
  /** wagmi's hooks work: their config and query client are in the page's contexts. */
  ready: boolean;
  /** Starts loading the wallet stack (a visitor pressed "Connect Wallet"); does nothing once it is in. */
  load: () => void;
}

export const WalletLoaderContext = createContext<WalletLoader>({ ready: false, load: () => {} });

export function useWalletLoader(): WalletLoader {
  return useContext(WalletLoaderContext);
}
