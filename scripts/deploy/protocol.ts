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
 * - `IPRegistry`, `LicenseToken`, `RoyaltyPools`, `UsageMeter` and `Datasets` refer to each other through immutables:
 *   each is deployed knowing the addresses the later ones will have (the deployer's next nonces), and the
 *   addresses are checked after deployment.
 */
export async function deployProtocol(
  clients: Clients,
  env: { currency: Pick<Deployment["currency"], "superToken"> },
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
  };
  const args = protocolConstructorArgs(expected, superToken);

  const deployed = {
    IPRegistry: await deployArtifact(clients, contract("IPRegistry"), args.IPRegistry),
    LicenseToken: await deployArtifact(clients, contract("LicenseToken"), args.LicenseToken),
    RoyaltyPools: await deployArtifact(clients, contract("RoyaltyPools"), args.RoyaltyPools),
    UsageMeter: await deployArtifact(clients, contract("UsageMeter"), args.UsageMeter),
    Datasets: await deployArtifact(clients, contract("Datasets"), args.Datasets),
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
] as const;
export type ProtocolContract = (typeof protocolContracts)[number];

/** Each contract's Hardhat artifact. */
export const protocolArtifact = (name: ProtocolContract) => contract(name);

/** The constructor arguments each contract was deployed with (for verification on a block explorer). */
export function protocolConstructorArgs(c: Record<ProtocolContract, Address>, superToken: Address) {
  return {
    LicenseTerms: [superToken],
    IPRegistry: [c.LicenseToken, c.RoyaltyPools],
    LicenseToken: [c.IPRegistry, c.LicenseTerms, superToken, c.RoyaltyPools, c.UsageMeter],
    RoyaltyPools: [c.IPRegistry, superToken, c.Datasets],
    UsageMeter: [c.LicenseToken, c.LicenseTerms, c.RoyaltyPools, c.IPRegistry, superToken],
    Datasets: [c.IPRegistry, c.LicenseToken, c.RoyaltyPools, superToken],
  } satisfies Record<ProtocolContract, Address[]>;
}
