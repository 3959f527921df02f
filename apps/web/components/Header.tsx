"use client";
import { usePathname } from "next/navigation";
import { PageLink } from "@/components/ui/PageLink";
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
      <PageLink href="/" className="brand">
        IP-NFT Royalties
      </PageLink>
      <nav aria-label="Main">
        {links.map(([href, words]) => (
          <PageLink key={href} href={href} aria-current={path === href ? "page" : undefined}>
            {words}
          </PageLink>
        ))}
      </nav>
      <div className="wallet-controls">
        <LazyRoleSwitcher />
        <WalletButton />
      </div>
    </header>
  );
}
