import type { Metadata } from "next";
import { VerifyFile } from "@/components/VerifyFile";

export const metadata: Metadata = { title: "Verify a file · IP-NFT Royalties" };

export default function VerifyPage() {
  return (
    <>
      <h1>Does this file have a certificate?</h1>
      <p className="muted">
        Drop any file. Your browser computes its SHA-256 and IPFS CID and asks the chain whether anyone registered these
        exact bytes, who, and when. For an image with no certificate, the gateway looks for registered works it is a
        modified copy of, and shows them ranked by similarity with their licenses. No wallet needed.
      </p>
      <VerifyFile />
    </>
  );
}
