"use client";
import { ConnectButton } from "@rainbow-me/rainbowkit";
import Link from "next/link";
import { RoleSwitcher } from "./RoleSwitcher";

export function Header() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        IP-NFT Royalties
      </Link>
      <nav aria-label="Main">
        <Link href="/">Wallet</Link>
      </nav>
      <div className="wallet-controls">
        <RoleSwitcher />
        <ConnectButton chainStatus="icon" showBalance={false} />
      </div>
    </header>
  );
}
