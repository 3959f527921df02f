import {
  datasetsAbi,
  disputesAbi,
  generalDistributionAgreementV1Abi,
  iPRegistryAbi,
  licenseTermsAbi,
  licenseTokenAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  superfluidPoolAbi,
  usageMeterAbi,
} from "@ipnft/protocol/abis";
import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import { indexerSettings } from "./src/settings";

/**
 * Everything comes from the deployment file (`deployments/<chainId>.json`) and the generated ABIs: no address or ABI is
 * written here. The launcher (`scripts/stack/indexer.ts`) sets the environment; see `src/settings.ts`.
 */
const { deployment, database } = indexerSettings();
const { chainId, rpcUrl, startBlock, contracts } = deployment;

function ours(name: string): `0x${string}` {
  const address = contracts[name];
  if (!address) throw new Error(`the deployment file for chain ${chainId} has no ${name}`);
  return address;
}

const sharesEnabled = getAbiItem({ abi: royaltyPoolsAbi, name: "SharesEnabled" });
const royaltyPools = ours("RoyaltyPools");

export default createConfig({
  database,
  chains: {
    local: {
      id: chainId,
      // Each URL starts at a low request rate and ramps up: listing the same one several times backfills faster.
      rpc: Array(8).fill(rpcUrl),
      pollingInterval: 500,
      disableCache: true,
    },
  },
  contracts: {
    IPRegistry: { chain: "local", abi: iPRegistryAbi, address: ours("IPRegistry"), startBlock },
    LicenseTerms: { chain: "local", abi: licenseTermsAbi, address: ours("LicenseTerms"), startBlock },
    LicenseToken: { chain: "local", abi: licenseTokenAbi, address: ours("LicenseToken"), startBlock },
    RoyaltyPools: { chain: "local", abi: royaltyPoolsAbi, address: royaltyPools, startBlock },
    UsageMeter: { chain: "local", abi: usageMeterAbi, address: ours("UsageMeter"), startBlock },
    Datasets: { chain: "local", abi: datasetsAbi, address: ours("Datasets"), startBlock },
    Disputes: { chain: "local", abi: disputesAbi, address: ours("Disputes"), startBlock },
    ShareToken: {
      chain: "local",
      abi: shareTokenAbi,
      address: factory({ address: royaltyPools, event: sharesEnabled, parameter: "shareToken" }),
      startBlock,
    },
    SuperfluidPool: {
      chain: "local",
      abi: superfluidPoolAbi,
      address: factory({ address: royaltyPools, event: sharesEnabled, parameter: "pool" }),
      startBlock,
    },
    // The GDA emits the distributions into every pool of the currency; the handlers keep those of our pools.
    GeneralDistributionAgreement: {
      chain: "local",
      abi: generalDistributionAgreementV1Abi,
      address: deployment.superfluid.gda,
      startBlock,
      filter: [
        { event: "FlowDistributionUpdated", args: { token: deployment.currency.superToken } },
        { event: "InstantDistributionUpdated", args: { token: deployment.currency.superToken } },
      ],
    },
  },
});
