import type { Metadata } from "next";
import { MintForm, type Preset } from "@/components/MintForm";
import { licenseTermsAbi, royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import { loadDeployment } from "@/lib/deployment.server";
import type { Terms } from "@ipnft/protocol/terms";
import { chainClient } from "@/lib/works.server";

export const metadata: Metadata = { title: "Register a work · IP-NFT Royalties" };

/** The presets the deployment ships, read from LicenseTerms, so the editor offers exactly what the chain has. */
async function readPresets(): Promise<{ presets: Preset[]; shareSupply: bigint } | string> {
  const lookup = await loadDeployment();
  if (!("deployment" in lookup)) return lookup.problem;
  const { deployment } = lookup;
  const address = deployment.contracts.LicenseTerms;
  if (!address) return "License terms are not deployed on this chain yet.";
  const client = chainClient(deployment);
  try {
    const [names, ids] = await client.readContract({ address, abi: licenseTermsAbi, functionName: "presets" });
    const terms = await Promise.all(ids.map((id) => client.readContract({ address, abi: licenseTermsAbi, functionName: "getTerms", args: [id] })));
    const pools = deployment.contracts.RoyaltyPools;
    const implementation = pools ? await client.readContract({ address: pools, abi: royaltyPoolsAbi, functionName: "shareTokenImplementation" }) : undefined;
    const shareSupply = implementation ? await client.readContract({ address: implementation, abi: shareTokenAbi, functionName: "SUPPLY" }) : 0n;
    return { presets: ids.map((termsId, i) => ({ termsId, name: names[i], terms: terms[i] as Terms })), shareSupply };
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
        Your browser computes the file’s SHA-256 and IPFS CID first. The chain then records them with your address and the block time:
        the work’s birth certificate.
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
