import type { Deployment } from "../deployment";
import { licenseTermsAbi, licenseTokenAbi } from "../generated/abis";
import type { Terms } from "../terms";
import { type ChainReader, contractAddress, contractWrite } from "./request";

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** Writes terms on chain (deduplicated: the same terms keep their id); read the id back with `termsIdOf`. */
export function registerTerms(deployment: Contracts, terms: Terms) {
  return contractWrite(contractAddress(deployment, "LicenseTerms"), licenseTermsAbi, "registerTerms", [terms]);
}

/** The IP's owner offers licenses of it under `termsId`. */
export function attachTerms(deployment: Contracts, ipId: bigint, termsId: bigint) {
  return contractWrite(contractAddress(deployment, "LicenseToken"), licenseTokenAbi, "attachTerms", [ipId, termsId]);
}

/** The id these exact terms are registered under, or 0n when they are not registered yet. */
export function termsIdOf(client: ChainReader, deployment: Contracts, terms: Terms): Promise<bigint> {
  return client.readContract({
    address: contractAddress(deployment, "LicenseTerms"),
    abi: licenseTermsAbi,
    functionName: "termsIdOf",
    args: [terms],
  });
}

/** Terms the deployment ships under a name, as `LicenseTerms.presets` lists them. */
export interface TermsPreset {
  termsId: bigint;
  name: string;
  terms: Terms;
}

/** The presets LicenseTerms ships, in its order, with their terms. */
export async function termsPresets(client: ChainReader, deployment: Contracts): Promise<TermsPreset[]> {
  const address = contractAddress(deployment, "LicenseTerms");
  const [names, ids] = await client.readContract({ address, abi: licenseTermsAbi, functionName: "presets" });
  const terms = await Promise.all(ids.map((id) => termsOf(client, deployment, id)));
  return ids.map((termsId, i) => ({ termsId, name: names[i], terms: terms[i] }));
}

/** The preset of that name; throws a sentence when the deployment ships none. */
export function presetNamed(presets: readonly TermsPreset[], name: string): TermsPreset {
  const found = presets.find((p) => p.name === name);
  if (!found) throw new Error(`LicenseTerms ships no preset named "${name}"`);
  return found;
}

/** The ids of the terms an IP offers licenses under. */
export function attachedTerms(client: ChainReader, deployment: Contracts, ipId: bigint): Promise<readonly bigint[]> {
  return client.readContract({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    functionName: "attachedTerms",
    args: [ipId],
  });
}

/** Terms by id, as written on chain (they never change). */
export function termsOf(client: ChainReader, deployment: Contracts, termsId: bigint): Promise<Terms> {
  return client.readContract({
    address: contractAddress(deployment, "LicenseTerms"),
    abi: licenseTermsAbi,
    functionName: "getTerms",
    args: [termsId],
  });
}
