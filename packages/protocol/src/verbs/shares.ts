import { type Address, type Log, parseEventLogs, zeroAddress } from "viem";
import type { Deployment } from "../deployment";
import { gdaV1ForwarderAbi, royaltyPoolsAbi, shareTokenAbi, superfluidPoolAbi } from "../generated/abis";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * Revenue shares: each IP's share token and the Superfluid GDA pool its holders are paid from, in proportion to
 * the shares they hold, second by second.
 */

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** The IP's owner creates its share token and royalty pool, and receives every share. */
export function enableShares(deployment: Contracts, ipId: bigint) {
  return contractWrite(contractAddress(deployment, "RoyaltyPools"), royaltyPoolsAbi, "enableShares", [ipId]);
}

/** The share token and pool a receipt of `enableShares` records, or undefined when it records none. */
export function enabledShares(logs: readonly Log[]): { shareToken: Address; pool: Address } | undefined {
  const [event] = parseEventLogs({ abi: royaltyPoolsAbi, eventName: "SharesEnabled", logs: logs as Log[] });
  return event && { shareToken: event.args.shareToken, pool: event.args.pool };
}

/** The creator offers `amount` of their shares at a fixed price (replacing any sale open before). */
export function openSale(shareToken: Address, amount: bigint, pricePerShare: bigint) {
  return contractWrite(shareToken, shareTokenAbi, "openSale", [amount, pricePerShare]);
}

/** Buys `amount` shares from the open sale, at no more than `maxPricePerShare` each. */
export function buyShares(shareToken: Address, amount: bigint, maxPricePerShare: bigint) {
  return contractWrite(shareToken, shareTokenAbi, "buyShares", [amount, maxPricePerShare]);
}

/**
 * Buying shares with the approval it needs: the share token may take `amount` x `maxPricePerShare` (unless
 * `allowance` already covers it), then the purchase.
 */
export function buySharesSteps(
  deployment: Pick<Deployment, "currency">,
  purchase: { shareToken: Address; amount: bigint; maxPricePerShare: bigint; allowance?: bigint },
): Step<"approve" | "buyShares">[] {
  const { shareToken, amount, maxPricePerShare, allowance } = purchase;
  return withApproval(
    deployment,
    { spender: shareToken, amount: amount * maxPricePerShare, allowance },
    { step: "buyShares", request: buyShares(shareToken, amount, maxPricePerShare) },
  );
}

/** Sends shares, and with them their part of the royalty stream. */
export function transferShares(shareToken: Address, to: Address, amount: bigint) {
  return contractWrite(shareToken, shareTokenAbi, "transfer", [to, amount]);
}

/** Connects the caller to a pool, so what it pays them lands in their balance second by second. */
export function connectPool(deployment: Pick<Deployment, "superfluid">, pool: Address) {
  return contractWrite(deployment.superfluid.gdaV1Forwarder, gdaV1ForwarderAbi, "connectPool", [pool, "0x"]);
}

/** Claims what waits in a pool for a member that is not connected to it. */
export function claimAll(pool: Address, member: Address) {
  return contractWrite(pool, superfluidPoolAbi, "claimAll", [member]);
}

/** The IP's share token and royalty pool, or undefined before its shares are enabled. */
export async function sharesOf(
  client: ChainReader,
  deployment: Contracts,
  ipId: bigint,
): Promise<{ shareToken: Address; pool: Address } | undefined> {
  const address = contractAddress(deployment, "RoyaltyPools");
  const [shareToken, pool] = await Promise.all([
    client.readContract({ address, abi: royaltyPoolsAbi, functionName: "shareTokenOf", args: [ipId] }),
    client.readContract({ address, abi: royaltyPoolsAbi, functionName: "poolOf", args: [ipId] }),
  ]);
  return shareToken === zeroAddress ? undefined : { shareToken, pool };
}

/** The open sale of a share token: how many shares are for sale, at what price each (0n, 0n when none). */
export async function shareSale(client: ChainReader, shareToken: Address, blockNumber?: bigint) {
  const [available, pricePerShare] = await client.readContract({
    address: shareToken,
    abi: shareTokenAbi,
    functionName: "sale",
    blockNumber,
  });
  return { available, pricePerShare };
}

export function shareBalance(client: ChainReader, shareToken: Address, holder: Address, blockNumber?: bigint) {
  return client.readContract({
    address: shareToken,
    abi: shareTokenAbi,
    functionName: "balanceOf",
    args: [holder],
    blockNumber,
  });
}

/** What one holder receives from an IP's pool: rate, what waits unclaimed, whether connected, at which time. */
export interface HolderIncome {
  /** Wei a second. */
  flowRate: bigint;
  claimable: bigint;
  connected: boolean;
  availableBalance: bigint;
  /** The block's time, seconds. */
  timestamp: bigint;
}

export async function holderIncome(
  client: ChainReader,
  deployment: Contracts,
  ipId: bigint,
  holder: Address,
  blockNumber?: bigint,
): Promise<HolderIncome> {
  const [flowRate, claimable, connected, availableBalance, timestamp] = await client.readContract({
    address: contractAddress(deployment, "RoyaltyPools"),
    abi: royaltyPoolsAbi,
    functionName: "holderIncome",
    args: [ipId, holder],
    blockNumber,
  });
  return { flowRate: BigInt(flowRate), claimable, connected, availableBalance, timestamp };
}

/** Wei a second flowing into an IP's royalty pool now. */
export async function poolFlowRate(client: ChainReader, deployment: Contracts, ipId: bigint, blockNumber?: bigint) {
  return BigInt(
    await client.readContract({
      address: contractAddress(deployment, "RoyaltyPools"),
      abi: royaltyPoolsAbi,
      functionName: "poolFlowRate",
      args: [ipId],
      blockNumber,
    }),
  );
}

/** Everything a pool has paid `member` so far. */
export function receivedFromPool(client: ChainReader, pool: Address, member: Address, blockNumber?: bigint) {
  return client.readContract({
    address: pool,
    abi: superfluidPoolAbi,
    functionName: "getTotalAmountReceivedByMember",
    args: [member],
    blockNumber,
  });
}

/** Every IP whose shares are enabled, with its share token and pool, oldest first. */
export async function enabledSharesAll(client: ChainReader, deployment: Deployment) {
  const events = await client.getContractEvents({
    address: contractAddress(deployment, "RoyaltyPools"),
    abi: royaltyPoolsAbi,
    eventName: "SharesEnabled",
    fromBlock: BigInt(deployment.startBlock),
  });
  return events.map((e) => ({
    ipId: e.args.ipId as bigint,
    shareToken: e.args.shareToken as Address,
    pool: e.args.pool as Address,
  }));
}

/** Who holds a share token now and how many each, most first: rebuilt from its transfers. */
export async function shareHolders(
  client: ChainReader,
  deployment: Pick<Deployment, "startBlock">,
  shareToken: Address,
): Promise<Array<[Address, bigint]>> {
  const logs = await client.getContractEvents({
    address: shareToken,
    abi: shareTokenAbi,
    eventName: "Transfer",
    fromBlock: BigInt(deployment.startBlock),
  });
  const balances = new Map<Address, bigint>();
  for (const { args } of logs) {
    const { from, to, value } = args as { from: Address; to: Address; value: bigint };
    if (from !== zeroAddress) balances.set(from, (balances.get(from) ?? 0n) - value);
    balances.set(to, (balances.get(to) ?? 0n) + value);
  }
  return [...balances.entries()].filter(([, b]) => b > 0n).sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
}

/** How many shares exist of one IP. */
export function shareSupply(client: ChainReader, shareToken: Address, blockNumber?: bigint) {
  return client.readContract({ address: shareToken, abi: shareTokenAbi, functionName: "totalSupply", blockNumber });
}

/** How many shares every IP's share token has: the supply the share token implementation mints. */
export async function sharesPerWork(client: ChainReader, deployment: Contracts): Promise<bigint> {
  const implementation = await client.readContract({
    address: contractAddress(deployment, "RoyaltyPools"),
    abi: royaltyPoolsAbi,
    functionName: "shareTokenImplementation",
  });
  return client.readContract({ address: implementation, abi: shareTokenAbi, functionName: "SUPPLY" });
}
