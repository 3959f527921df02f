import type { Address } from "viem";
import { getAddress, getContractAddress } from "viem";
import type { Deployment } from "../../apps/web/lib/deployment.js";
import { ourArtifact } from "./artifacts.js";
import { type Clients, type SuperfluidFramework, deployArtifact } from "./superfluid.js";

/**
 * Deploys the product's own contracts on top of the Superfluid framework and the payment SuperToken and
 * returns their addresses by contract name (they land in `deployments/<chainId>.json` under `contracts`).
 *
 * - `LicenseTerms`: the terms catalogue; its constructor registers the four presets (ids 1..4, read them
 *   with `presets()`).
 * - `IPRegistry` and `LicenseToken` point at each other: the registry is deployed first with the address the
 *   license token will have (the deployer's next-but-one nonce), so both hold the other as an immutable.
 */
export async function deployProtocol(
  clients: Clients,
  env: { framework: SuperfluidFramework; currency: Deployment["currency"] },
): Promise<Record<string, Address>> {
  const { publicClient, walletClient } = clients;
  const superToken = env.currency.superToken;
  const deployer = walletClient.account.address;

  const LicenseTerms = await deployArtifact(clients, ourArtifact("contracts/LicenseTerms.sol", "LicenseTerms"), [
    superToken,
  ]);
  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const predictedLicenseToken = getContractAddress({ from: deployer, nonce: BigInt(nonce + 1) });
  const IPRegistry = await deployArtifact(clients, ourArtifact("contracts/IPRegistry.sol", "IPRegistry"), [
    predictedLicenseToken,
  ]);
  const LicenseToken = await deployArtifact(clients, ourArtifact("contracts/LicenseToken.sol", "LicenseToken"), [
    IPRegistry,
    LicenseTerms,
    superToken,
  ]);
  if (getAddress(LicenseToken) !== getAddress(predictedLicenseToken)) {
    throw new Error(`LicenseToken landed at ${LicenseToken}, not at ${predictedLicenseToken} as IPRegistry expects`);
  }
  return { LicenseTerms, IPRegistry, LicenseToken };
}
