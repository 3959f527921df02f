import type { Deployment } from "@ipnft/protocol/deployment";
import { presetLegalTextUris } from "@ipnft/protocol/legal";
import type { Address } from "viem";
import { getAddress, getContractAddress } from "viem";
import { ourArtifact } from "./artifacts";
import { type Clients, deployArtifact, type SuperfluidFramework } from "./superfluid";

const contract = (name: string) => ourArtifact(`contracts/${name}.sol`, name);

/**
 * Deploys the product's own contracts on top of the Superfluid framework and the payment SuperToken and
 * returns their addresses by contract name (they land in `deployments/<chainId>.json` under `contracts`).
 *
 * - `LicenseTerms`: the terms catalogue; its constructor registers the five presets (ids 1..5, read them
 *   with `presets()`), each naming its legal text by CID (`ipfs://<cid>` of `packages/protocol/legal/*.md`).
 * - `IPRegistry`, `LicenseToken`, `RoyaltyPools` and `UsageMeter` refer to each other through immutables:
 *   each is deployed knowing the addresses the later ones will have (the deployer's next nonces), and the
 *   addresses are checked after deployment.
 */
export async function deployProtocol(
  clients: Clients,
  env: { framework: SuperfluidFramework; currency: Deployment["currency"] },
): Promise<Record<string, Address>> {
  const { publicClient, walletClient } = clients;
  const superToken = env.currency.superToken;
  const deployer = walletClient.account.address;

  const LicenseTerms = await deployArtifact(clients, contract("LicenseTerms"), [superToken, presetLegalTextUris()]);
  const nonce = BigInt(await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" }));
  const at = (offset: bigint) => getContractAddress({ from: deployer, nonce: nonce + offset });
  const expected = { IPRegistry: at(0n), LicenseToken: at(1n), RoyaltyPools: at(2n), UsageMeter: at(3n) };

  const deployed = {
    IPRegistry: await deployArtifact(clients, contract("IPRegistry"), [expected.LicenseToken, expected.RoyaltyPools]),
    LicenseToken: await deployArtifact(clients, contract("LicenseToken"), [
      expected.IPRegistry,
      LicenseTerms,
      superToken,
      expected.RoyaltyPools,
      expected.UsageMeter,
    ]),
    RoyaltyPools: await deployArtifact(clients, contract("RoyaltyPools"), [expected.IPRegistry, superToken]),
    UsageMeter: await deployArtifact(clients, contract("UsageMeter"), [
      expected.LicenseToken,
      LicenseTerms,
      expected.RoyaltyPools,
      expected.IPRegistry,
      superToken,
    ]),
  };
  for (const [name, address] of Object.entries(deployed)) {
    const want = expected[name as keyof typeof expected];
    if (getAddress(address) !== getAddress(want)) {
      throw new Error(`${name} landed at ${address}, not at ${want} where the other contracts expect it`);
    }
  }
  return { LicenseTerms, ...deployed };
}
