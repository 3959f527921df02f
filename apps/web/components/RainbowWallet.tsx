"use client";
import "@rainbow-me/rainbowkit/styles.css";
import { ConnectButton, darkTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";

/** RainbowKit's connect button and modal: loaded on the client after the page, see WalletButton. */
export default function RainbowWallet({ compact }: { compact?: boolean }) {
  return (
    <RainbowKitProvider theme={darkTheme({ accentColor: "#22c55e", accentColorForeground: "#052e16" })}>
      {compact ? (
        <ConnectButton />
      ) : (
        <ConnectButton chainStatus="icon" showBalance={false} accountStatus={{ smallScreen: "avatar", largeScreen: "full" }} />
      )}
    </RainbowKitProvider>
  );
}
