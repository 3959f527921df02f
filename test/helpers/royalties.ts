import type { Address, Hex } from "viem";
import { maxUint256 } from "viem";
import {
  gdaV1ForwarderAbi,
  royaltyPoolsAbi,
  shareTokenAbi,
  superfluidPoolAbi,
  superTokenAbi,
  usageMeterAbi,
} from "../../apps/web/generated/abis.js";
import { type Chain, type Wallet, addresses, eventArgs } from "./protocol.js";

export const SUPPLY = 1_000_000n;

export function royaltyAddresses(chain: Chain) {
  const c = chain.deployment.contracts;
  return { pools: c.RoyaltyPools as Address, meter: c.UsageMeter as Address, forwarder: chain.deployment.superfluid.gdaV1Forwarder };
}

const wait = (chain: Chain, hash: Hex) => chain.publicClient.waitForTransactionReceipt({ hash });

/** Enables revenue shares of `ipId` (as `wallet`) and returns the share token and pool. */
export async function enableShares(chain: Chain, wallet: Wallet, ipId: bigint) {
  const receipt = await wait(
    chain,
    await wallet.writeContract({ address: royaltyAddresses(chain).pools, abi: royaltyPoolsAbi, functionName: "enableShares", args: [ipId] }),
  );
  const [ev] = eventArgs(receipt.logs, royaltyPoolsAbi, "SharesEnabled");
  return { shareToken: ev.shareToken as Address, pool: ev.pool as Address, receipt };
}

export async function openSale(chain: Chain, creator: Wallet, shareToken: Address, amount: bigint, price: bigint) {
  return wait(chain, await creator.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "openSale", args: [amount, price] }));
}

/** Buys shares as `wallet` (approving the share token for the SuperToken first). */
export async function buyShares(chain: Chain, wallet: Wallet, shareToken: Address, amount: bigint, maxPrice = 2n ** 127n) {
  await wait(chain, await wallet.writeContract({ address: addresses(chain).superToken, abi: superTokenAbi, functionName: "approve", args: [shareToken, maxUint256] }));
  return wait(chain, await wallet.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "buyShares", args: [amount, maxPrice] }));
}

export async function transferShares(chain: Chain, from: Wallet, shareToken: Address, to: Address, amount: bigint) {
  return wait(chain, await from.writeContract({ address: shareToken, abi: shareTokenAbi, functionName: "transfer", args: [to, amount] }));
}

/** Opens, changes or (rate 0) stops `wallet`'s flow into `pool`, through Superfluid's GDAv1Forwarder. */
export async function distributeFlow(chain: Chain, wallet: Wallet, pool: Address, rate: bigint) {
  return wait(
    chain,
    await wallet.writeContract({
      address: royaltyAddresses(chain).forwarder,
      abi: gdaV1ForwarderAbi,
      functionName: "distributeFlow",
      args: [addresses(chain).superToken, wallet.account.address, pool, rate, "0x"],
    }),
  );
}

export async function connectPool(chain: Chain, wallet: Wallet, pool: Address) {
  return wait(
    chain,
    await wallet.writeContract({ address: royaltyAddresses(chain).forwarder, abi: gdaV1ForwarderAbi, functionName: "connectPool", args: [pool, "0x"] }),
  );
}

/** Real-time SuperToken balance of `account` at the latest block's time, and that time. */
export async function realtimeBalance(chain: Chain, account: Address) {
  const block = await chain.publicClient.getBlock();
  const [available] = await chain.publicClient.readContract({
    address: addresses(chain).superToken,
    abi: superTokenAbi,
    functionName: "realtimeBalanceOf",
    args: [account, block.timestamp],
  });
  return { available, timestamp: block.timestamp };
}

export async function memberFlowRate(chain: Chain, pool: Address, member: Address): Promise<bigint> {
  return chain.publicClient.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getMemberFlowRate", args: [member] });
}

export async function poolUnits(chain: Chain, pool: Address, member?: Address): Promise<bigint> {
  if (!member) return chain.publicClient.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getTotalUnits" });
  return chain.publicClient.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getUnits", args: [member] });
}

export async function shareBalance(chain: Chain, shareToken: Address, holder: Address): Promise<bigint> {
  return chain.publicClient.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "balanceOf", args: [holder] });
}

/** Everything `holder` has from `pool`: real-time balance plus what waits in the pool to be claimed. */
export async function holderWorth(chain: Chain, pool: Address, holder: Address): Promise<bigint> {
  const { available, timestamp } = await realtimeBalance(chain, holder);
  const claimable = await chain.publicClient.readContract({
    address: pool,
    abi: superfluidPoolAbi,
    functionName: "getClaimable",
    args: [holder, Number(timestamp)],
  });
  return available + claimable;
}

export const usageTypes = {
  UsageReceipt: [
    { name: "licenseId", type: "uint256" },
    { name: "licensee", type: "address" },
    { name: "cumulativeUnits", type: "uint64" },
  ],
} as const;

export const usageDomain = (chain: Chain) =>
  ({ name: "IPNFT UsageMeter", version: "2", chainId: chain.deployment.chainId, verifyingContract: royaltyAddresses(chain).meter }) as const;

/** What `signer` signs for `licensee` (itself, or the smart-contract account it owns), as the gateway asks it to. */
export async function signUsage(
  chain: Chain,
  signer: Wallet,
  licenseId: bigint,
  cumulativeUnits: bigint,
  licensee: Address = signer.account.address,
): Promise<Hex> {
  return signer.signTypedData({
    account: signer.account,
    domain: usageDomain(chain),
    types: usageTypes,
    primaryType: "UsageReceipt",
    message: { licenseId, licensee, cumulativeUnits },
  });
}

/** Settles, as `submitter`, the receipt of `licensee`'s usage under `licenseId` up to `cumulativeUnits`. */
export async function settleUsage(
  chain: Chain,
  submitter: Wallet,
  licenseId: bigint,
  cumulativeUnits: bigint,
  signature: Hex,
  licensee: Address,
) {
  return wait(
    chain,
    await submitter.writeContract({
      address: royaltyAddresses(chain).meter,
      abi: usageMeterAbi,
      functionName: "settle",
      args: [{ licenseId, licensee, cumulativeUnits }, signature],
    }),
  );
}
