import type { Address } from "viem";
import type { Deployment } from "../deployment";
import { gdaV1ForwarderAbi, royaltyPoolsAbi, superfluidPoolAbi } from "../generated/abis";
import { type ChainReader, contractAddress, contractWrite } from "./request";

/**
 * A licensed stream: the licensee's SuperToken flowing into the work's royalty pool through Superfluid's
 * GDAv1Forwarder (`distributeFlow`), paid out to its share holders second by second. A streamed license grants
 * access only while its stream runs at no less than the terms' minimum rate.
 */

/** Opens, resizes or (at rate 0) closes `from`'s stream into `pool`, in wei a second. */
export function setStream(
  deployment: Pick<Deployment, "currency" | "superfluid">,
  from: Address,
  pool: Address,
  flowRate: bigint,
) {
  return contractWrite(deployment.superfluid.gdaV1Forwarder, gdaV1ForwarderAbi, "distributeFlow", [
    deployment.currency.superToken,
    from,
    pool,
    flowRate,
    "0x",
  ]);
}

export function openStream(
  deployment: Pick<Deployment, "currency" | "superfluid">,
  from: Address,
  pool: Address,
  flowRate: bigint,
) {
  return setStream(deployment, from, pool, flowRate);
}

export function closeStream(deployment: Pick<Deployment, "currency" | "superfluid">, from: Address, pool: Address) {
  return setStream(deployment, from, pool, 0n);
}

/** Wei a second `licensee` streams into the IP's pool now. */
export async function licenseeFlowRate(
  client: ChainReader,
  deployment: Pick<Deployment, "chainId" | "contracts">,
  ipId: bigint,
  licensee: Address,
): Promise<bigint> {
  const rate = await client.readContract({
    address: contractAddress(deployment, "RoyaltyPools"),
    abi: royaltyPoolsAbi,
    functionName: "licenseeFlowRate",
    args: [ipId, licensee],
  });
  return BigInt(rate);
}

/** Wei a second a pool pays out to its members now (read from the pool itself). */
export async function poolTotalFlowRate(client: ChainReader, pool: Address, blockNumber?: bigint): Promise<bigint> {
  return BigInt(
    await client.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getTotalFlowRate", blockNumber }),
  );
}
