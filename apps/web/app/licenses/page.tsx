import type { Metadata } from "next";
import { Licenses } from "@/components/Licenses";
import { TrainingSummary } from "@/components/licenses/TrainingSummary";

export const metadata: Metadata = { title: "Licenses · IP-NFT Royalties" };

export default function LicensesPage() {
  return (
    <>
      <h1>Your licenses</h1>
      <p className="muted">
        What you may train on, what it costs you, and the files you pulled. Every license here is a token on chain an
        auditor can check.
      </p>
      <Licenses />
      <TrainingSummary />
    </>
  );
}
