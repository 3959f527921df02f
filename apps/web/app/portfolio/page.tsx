import type { Metadata } from "next";
import { Portfolio } from "@/components/Portfolio";

export const metadata: Metadata = { title: "Portfolio · IP-NFT Royalties" };

export default function PortfolioPage() {
  return (
    <>
      <h1>Your portfolio</h1>
      <p className="muted">The works whose shares you hold, and the royalties they stream to you, second by second.</p>
      <Portfolio />
    </>
  );
}
