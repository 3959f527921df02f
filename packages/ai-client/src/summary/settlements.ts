import { licenseTokenAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import { contractAddress } from "@ipnft/protocol/verbs/request";
import type { Hex, PublicClient } from "viem";

/** The transaction that bought a license, read from the chain's LicensePurchased event. */
export async function purchaseTransaction(
  client: Pick<PublicClient, "getContractEvents">,
  deployment: Pick<Deployment, "chainId" | "contracts" | "startBlock">,
  licenseId: bigint,
): Promise<Hex | undefined> {
  const events = await client.getContractEvents({
    address: contractAddress(deployment, "LicenseToken"),
    abi: licenseTokenAbi,
    eventName: "LicensePurchased",
    args: { licenseId },
    fromBlock: BigInt(deployment.startBlock),
  });
  return events[0]?.transactionHash ?? undefined;
}
