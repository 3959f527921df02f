import type { Deployment } from "@ipnft/protocol/deployment";
import { presetLegalTextUris } from "@ipnft/protocol/legal";
import type { Address } from "viem";
import { getAddress, getContractAddress } from "viem";
import { ourArtifact } from "./artifacts";
import { type Clients, deployArtifact } from "./superfluid";

const contract = (name: string) => ourArtifact(`contracts/${name}.sol`, name);

/**
 * Deploys the product's own contracts on top of the Superfluid framework and the payment SuperToken and
 * returns their addresses by contract name (they land in `deployments/<chainId>.json` under `contracts`).
 *
 * - `LicenseTerms`: the terms catalogue; its constructor registers the five presets (ids 1..5, read them
 *   with `presets()`), each naming its legal text by CID (`ipfs://<cid>` of `packages/protocol/legal/*.md`).
 * - `IPRegistry`, `LicenseToken`, `RoyaltyPools`, `UsageMeter`, `Datasets` and `Disputes` refer to each other through immutables:
 *   each is deployed knowing the addresses the later ones will have (the deployer's next nonces), and the
 *   addresses are checked after deployment.
 */
export async function deployProtocol(
  clients: Clients,
  env: { currency: Pick<Deployment["currency"], "superToken">; disputes: DisputesConfig },
): Promise<Record<ProtocolContract, Address>> {
  const { publicClient, walletClient } = clients;
  const superToken = env.currency.superToken;
  const deployer = walletClient.account.address;

  const LicenseTerms = await deployArtifact(clients, contract("LicenseTerms"), [superToken, presetLegalTextUris()]);
  const nonce = BigInt(await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" }));
  const at = (offset: bigint) => getContractAddress({ from: deployer, nonce: nonce + offset });
  const expected = {
    LicenseTerms,
    IPRegistry: at(0n),
    LicenseToken: at(1n),
    RoyaltyPools: at(2n),
    UsageMeter: at(3n),
    Datasets: at(4n),
    Disputes: at(5n),
  };
  const args = protocolConstructorArgs(expected, superToken, env.disputes);

  const deployed = {
    IPRegistry: await deployArtifact(clients, contract("IPRegistry"), args.IPRegistry),
    LicenseToken: await deployArtifact(clients, contract("LicenseToken"), args.LicenseToken),
    RoyaltyPools: await deployArtifact(clients, contract("RoyaltyPools"), args.RoyaltyPools),
    UsageMeter: await deployArtifact(clients, contract("UsageMeter"), args.UsageMeter),
    Datasets: await deployArtifact(clients, contract("Datasets"), args.Datasets),
    Disputes: await deployArtifact(clients, contract("Disputes"), args.Disputes),
  };
  for (const [name, address] of Object.entries(deployed)) {
    const want = expected[name as keyof typeof expected];
    if (getAddress(address) !== getAddress(want)) {
      throw new Error(`${name} landed at ${address}, not at ${want} where the other contracts expect it`);
    }
  }
  return { LicenseTerms, ...deployed };
}

/** Our contracts, in the order they are deployed. */
export const protocolContracts = [
  "LicenseTerms",
  "IPRegistry",
  "LicenseToken",
  "RoyaltyPools",
  "UsageMeter",
  "Datasets",
  "Disputes",
] as const;
export type ProtocolContract = (typeof protocolContracts)[number];

/** Each contract's Hardhat artifact. */
export const protocolArtifact = (name: ProtocolContract) => contract(name);

/** The constructor arguments each contract was deployed with (for verification on a block explorer). */
export function protocolConstructorArgs(
  c: Record<ProtocolContract, Address>,
  superToken: Address,
  disputes: DisputesConfig,
) {
  return {
    LicenseTerms: [superToken],
    IPRegistry: [c.LicenseToken, c.RoyaltyPools],
    LicenseToken: [c.IPRegistry, c.LicenseTerms, superToken, c.RoyaltyPools, c.UsageMeter, c.Disputes],
    RoyaltyPools: [c.IPRegistry, superToken, c.Datasets, c.Disputes],
    UsageMeter: [c.LicenseToken, c.LicenseTerms, c.RoyaltyPools, c.IPRegistry, superToken],
    Datasets: [c.IPRegistry, c.LicenseToken, c.RoyaltyPools, superToken],
    Disputes: [c.IPRegistry, superToken, disputes.arbiter, disputes.bond],
  } satisfies Record<ProtocolContract, readonly (Address | bigint)[]>;
}

/**
 * Who rules on disputes and the bond a new dispute takes (the currency's 18 decimals, within the contract's bounds
 * of 1 to 1,000,000 units). Locally the arbiter is a dev account; in production a multisig (`DISPUTES_ARBITER`).
 */
export interface DisputesConfig {
  arbiter: Address;
  bond: bigint;
}

/** The bond a dispute takes unless configured: 50 units of the currency. */
export const DEFAULT_DISPUTE_BOND = 50n * 10n ** 18n;
