import { superfluidPoolAbi } from "@ipnft/protocol/abis";
import {
  buySharesSteps,
  connectPool as connectPoolRequest,
  enabledShares,
  enableShares as enableSharesRequest,
  liveBalance,
  openSale as openSaleRequest,
  shareBalance as readShareBalance,
  sendSteps,
  setStream,
  settleUsage as settleUsageRequest,
  transferShares as transferSharesRequest,
  usageReceiptTypedData,
} from "@ipnft/protocol/verbs";
import type { Address, Hex } from "viem";
import { type Chain, Preset, register, send, type Wallet } from "./protocol";

export const SUPPLY = 1_000_000n;

export function royaltyAddresses(chain: Chain) {
  const c = chain.deployment.contracts;
  return {
    pools: c.RoyaltyPools as Address,
    meter: c.UsageMeter as Address,
    forwarder: chain.deployment.superfluid.gdaV1Forwarder,
  };
}

/** Enables revenue shares of `ipId` (as `wallet`) and returns the share token and pool. */
export async function enableShares(chain: Chain, wallet: Wallet, ipId: bigint) {
  const receipt = await send(chain, wallet, enableSharesRequest(chain.deployment, ipId));
  const enabled = enabledShares(receipt.logs);
  if (!enabled) throw new Error("enabling shares recorded no SharesEnabled event");
  return { ...enabled, receipt };
}

/** The presets a work is usually offered under in these tests: streamed and flat-fee AI training, commercial remix. */
export const OFFERED_PRESETS = [Preset.AiTrainingStreamed, Preset.AiTrainingFlatFee, Preset.CommercialRemix];

/**
 * A work of `owner` offered under `termsIds`, with its shares enabled and the owner connected to its pool; with
 * `holder`, that many of its shares already sent to that address.
 */
export async function workWithShares(
  chain: Chain,
  owner: Wallet,
  termsIds: bigint[] = [],
  holder?: { address: Address; shares: bigint },
) {
  const { ipId } = await register(chain, owner, { termsIds });
  const { shareToken, pool } = await enableShares(chain, owner, ipId);
  await connectPool(chain, owner, pool);
  if (holder?.shares) await transferShares(chain, owner, shareToken, holder.address, holder.shares);
  return { ipId, shareToken, pool };
}

export async function openSale(chain: Chain, creator: Wallet, shareToken: Address, amount: bigint, price: bigint) {
  return send(chain, creator, openSaleRequest(shareToken, amount, price));
}

/** Buys shares as `wallet` (approving the share token for the SuperToken first). */
export async function buyShares(
  chain: Chain,
  wallet: Wallet,
  shareToken: Address,
  amount: bigint,
  maxPrice = 2n ** 127n,
) {
  const steps = buySharesSteps(chain.deployment, { shareToken, amount, maxPricePerShare: maxPrice });
  return (await sendSteps({ publicClient: chain.publicClient, walletClient: wallet }, steps)).at(-1)!;
}

export async function transferShares(chain: Chain, from: Wallet, shareToken: Address, to: Address, amount: bigint) {
  return send(chain, from, transferSharesRequest(shareToken, to, amount));
}

/** Opens, changes or (rate 0) stops `wallet`'s flow into `pool`, through Superfluid's GDAv1Forwarder. */
export async function distributeFlow(chain: Chain, wallet: Wallet, pool: Address, rate: bigint) {
  return send(chain, wallet, setStream(chain.deployment, wallet.account.address, pool, rate));
}

export async function connectPool(chain: Chain, wallet: Wallet, pool: Address) {
  return send(chain, wallet, connectPoolRequest(chain.deployment, pool));
}

/** Real-time SuperToken balance of `account` at the latest block's time, and that time. */
export async function realtimeBalance(chain: Chain, account: Address) {
  const { amount, timestamp } = await liveBalance(chain.publicClient, chain.deployment, account);
  return { available: amount, timestamp };
}

export async function memberFlowRate(chain: Chain, pool: Address, member: Address): Promise<bigint> {
  return chain.publicClient.readContract({
    address: pool,
    abi: superfluidPoolAbi,
    functionName: "getMemberFlowRate",
    args: [member],
  });
}

export async function poolUnits(chain: Chain, pool: Address, member?: Address): Promise<bigint> {
  if (!member)
    return chain.publicClient.readContract({ address: pool, abi: superfluidPoolAbi, functionName: "getTotalUnits" });
  return chain.publicClient.readContract({
    address: pool,
    abi: superfluidPoolAbi,
    functionName: "getUnits",
    args: [member],
  });
}

export async function shareBalance(chain: Chain, shareToken: Address, holder: Address): Promise<bigint> {
  return readShareBalance(chain.publicClient, shareToken, holder);
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
    ...usageReceiptTypedData(chain.deployment, { licenseId, licensee, cumulativeUnits }),
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
  return send(
    chain,
    submitter,
    settleUsageRequest(chain.deployment, { licenseId, licensee, cumulativeUnits }, signature),
  );
}
