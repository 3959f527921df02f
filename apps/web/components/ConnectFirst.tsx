"use client";
import { WalletButton } from "./WalletButton";

/** What a wallet-only page shows before a wallet is connected. */
export function ConnectFirst({ what }: { what: string }) {
  return (
    <section className="card">
      <p>
        Connect a wallet to see {what}. On the local chain, pick “Local dev wallet” and a role: no extension needed.
      </p>
      <WalletButton compact />
    </section>
  );
}
