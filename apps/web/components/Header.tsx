"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { WalletButton } from "./WalletButton";
import { LazyRoleSwitcher } from "./wallet/WalletOnly";

const links = [
  ["/", "Catalog"],
  ["/datasets", "Datasets"],
  ["/mint", "Register"],
  ["/creator", "Creator"],
  ["/licenses", "Licenses"],
  ["/portfolio", "Portfolio"],
  ["/verify", "Verify"],
  ["/disputes", "Disputes"],
  ["/wallet", "Wallet"],
] as const;

export function Header() {
  const path = usePathname();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        IP-NFT Royalties
      </Link>
      <nav aria-label="Main">
        {links.map(([href, words]) => (
          <Link key={href} href={href} aria-current={path === href ? "page" : undefined}>
            {words}
          </Link>
        ))}
      </nav>
      <div className="wallet-controls">
        <LazyRoleSwitcher />
        <WalletButton />
      </div>
    </header>
  );
}
