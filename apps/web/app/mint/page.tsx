import { sharesPerWork, type TermsPreset, termsPresets } from "@ipnft/protocol/verbs";
import type { Metadata } from "next";
import { MintForm } from "@/components/MintForm";
import { loadDeployment } from "@/lib/deployment.server";
import { chainClient } from "@/lib/works.server";

export const metadata: Metadata = { title: "Register a work · IP-NFT Royalties" };

/** The presets the deployment ships, read from LicenseTerms, so the editor offers exactly what the chain has. */
async function readPresets(): Promise<{ presets: TermsPreset[]; shareSupply: bigint } | string> {
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return lookup.problem;
  const { deployment } = lookup;
  if (!deployment.contracts.LicenseTerms) return "License terms are not deployed on this chain yet.";
  const client = chainClient(deployment);
  try {
    const presets = await termsPresets(client, deployment);
    const shareSupply = deployment.contracts.RoyaltyPools ? await sharesPerWork(client, deployment) : 0n;
    return { presets, shareSupply };
  } catch {
    return "The chain is not answering, so the license presets cannot be read. Is the local node (`npm run dev`) running?";
  }
}

export default async function MintPage() {
  const presets = await readPresets();
  return (
    <>
      <h1>Register a work, style or dataset</h1>
      <p className="muted">
        Your browser computes the file’s SHA-256 and IPFS CID first. The chain then records them with your address and
        the block time: the work’s birth certificate.
      </p>
      {typeof presets === "string" ? (
        <p role="alert" className="problem">
          {presets}
        </p>
      ) : (
        <MintForm presets={presets.presets} shareSupply={presets.shareSupply} />
      )}
    </>
  );
}
