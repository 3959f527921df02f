import type { Metadata } from "next";
import { CreatorDashboard } from "@/components/CreatorDashboard";

export const metadata: Metadata = { title: "Creator · IP-NFT Royalties" };

export default function CreatorPage() {
  return (
    <>
      <h1>Creator dashboard</h1>
      <p className="muted">What your works earn: licenses sold, fees, and the royalties streaming in right now.</p>
      <CreatorDashboard />
    </>
  );
}
