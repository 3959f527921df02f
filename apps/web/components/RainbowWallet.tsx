"use client";
import "@rainbow-me/rainbowkit/styles.css";
import { ConnectButton, darkTheme, RainbowKitProvider, useConnectModal } from "@rainbow-me/rainbowkit";
import { useEffect, useRef } from "react";

/** Opens the connect modal once, when RainbowKit was loaded because the visitor pressed "Connect Wallet". */
function OpenOnArrival({ open }: { open: boolean }) {
  const { openConnectModal } = useConnectModal();
  const done = useRef(false);
  useEffect(() => {
    if (open && openConnectModal && !done.current) {
      done.current = true;
      openConnectModal();
    }
  }, [open, openConnectModal]);
  return null;
}

/** RainbowKit's connect button and modal: loaded on demand, see WalletButton. */
export default function RainbowWallet({ compact, openModal = false }: { compact?: boolean; openModal?: boolean }) {
  return (
    <RainbowKitProvider theme={darkTheme({ accentColor: "#22c55e", accentColorForeground: "#052e16" })}>
      <OpenOnArrival open={openModal} />
      {compact ? (
        <ConnectButton />
      ) : (
        <ConnectButton
          chainStatus="icon"
          showBalance={false}
          accountStatus={{ smallScreen: "avatar", largeScreen: "full" }}
        />
      )}
    </RainbowKitProvider>
  );
}
