import type { Address, Hex } from "viem";
import type { Deployment } from "../deployment";
import { usageMeterAbi } from "../generated/abis";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * Metered usage: a licensee signs EIP-712 receipts naming itself and the cumulative units (files) it has used under a
 * license; anyone settles them on chain, charging units x price to that licensee and paying it into the work's pool.
 * Usage and debt belong to the account that signed, never to a later owner of the license. A replay changes nothing.
 */

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** A licensee's word for how many units it has used under a license, in total. */
export interface UsageReceipt {
  licenseId: bigint;
  /** The account that used the files and signs for them (an EOA, or an ERC-1271 contract account). */
  licensee: Address;
  cumulativeUnits: bigint;
}

/** `UsageReceipt(uint256 licenseId,address licensee,uint64 cumulativeUnits)`, as UsageMeter hashes it. */
export const usageReceiptTypes = {
  UsageReceipt: [
    { name: "licenseId", type: "uint256" },
    { name: "licensee", type: "address" },
    { name: "cumulativeUnits", type: "uint64" },
  ],
} as const;

/** The UsageMeter's EIP-712 domain version. */
export const USAGE_RECEIPT_VERSION = "2";

/**
 * The typed data a licensee signs (viem's `signTypedData`, wagmi's `signTypedDataAsync`), in the UsageMeter's own
 * domain: it names the contract that settles the receipt, so a receipt for one deployment is worthless on another.
 */
export function usageReceiptTypedData(deployment: Contracts, receipt: UsageReceipt) {
  return {
    domain: {
      name: "IPNFT UsageMeter",
      version: USAGE_RECEIPT_VERSION,
      chainId: deployment.chainId,
      verifyingContract: contractAddress(deployment, "UsageMeter"),
    },
    types: usageReceiptTypes,
    primaryType: "UsageReceipt",
    message: { licenseId: receipt.licenseId, licensee: receipt.licensee, cumulativeUnits: receipt.cumulativeUnits },
  } as const;
}

/** Settles one signed receipt: the units not yet reported are charged to the licensee and paid into the pool. */
export function settleUsage(deployment: Contracts, receipt: UsageReceipt, signature: Hex) {
  const { licenseId, licensee, cumulativeUnits } = receipt;
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "settle", [
    { licenseId, licensee, cumulativeUnits },
    signature,
  ]);
}

/** Settles several signed receipts in one transaction; the meter skips (with `SettleSkipped`) any it refuses. */
export function settleUsageBatch(deployment: Contracts, receipts: ReadonlyArray<UsageReceipt & { signature: Hex }>) {
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "settleBatch", [
    receipts.map(({ licenseId, licensee, cumulativeUnits }) => ({ licenseId, licensee, cumulativeUnits })),
    receipts.map((r) => r.signature),
  ]);
}

/**
 * Pays the units settlement could not charge `licensee` under a license (the meter was not allowed to take them),
 * lifting a suspension. The caller pays.
 */
export function payOutstanding(deployment: Contracts, licenseId: bigint, licensee: Address) {
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "payOutstanding", [
    licenseId,
    licensee,
  ]);
}

/** Paying outstanding usage with the approval it needs: the meter may take `owed` (unless `allowance` covers it). */
export function payUsageSteps(
  deployment: Deployment,
  payment: { licenseId: bigint; licensee: Address; owed: bigint; allowance?: bigint },
): Step<"approve" | "payOutstanding">[] {
  const { licenseId, licensee, owed, allowance } = payment;
  return withApproval(
    deployment,
    { spender: contractAddress(deployment, "UsageMeter"), amount: owed, allowance },
    { step: "payOutstanding", request: payOutstanding(deployment, licenseId, licensee) },
  );
}

/** The units `licensee` reported under a license and those it paid for. */
export async function usageOf(client: ChainReader, deployment: Contracts, licenseId: bigint, licensee: Address) {
  const { reported, paid } = await client.readContract({
    address: contractAddress(deployment, "UsageMeter"),
    abi: usageMeterAbi,
    functionName: "usageOf",
    args: [licenseId, licensee],
  });
  return { reported: BigInt(reported), paid: BigInt(paid) };
}

/** Units `licensee` reported under a license that it has not paid for yet. */
export async function unpaidUnits(
  client: ChainReader,
  deployment: Contracts,
  licenseId: bigint,
  licensee: Address,
): Promise<bigint> {
  return BigInt(
    await client.readContract({
      address: contractAddress(deployment, "UsageMeter"),
      abi: usageMeterAbi,
      functionName: "unpaidUnits",
      args: [licenseId, licensee],
    }),
  );
}

/** Units `account` owes for an IP under every license of it it holds or held: what metered access is measured by. */
export async function debtOf(client: ChainReader, deployment: Contracts, ipId: bigint, account: Address) {
  return BigInt(
    await client.readContract({
      address: contractAddress(deployment, "UsageMeter"),
      abi: usageMeterAbi,
      functionName: "debtOf",
      args: [ipId, account],
    }),
  );
}

/** Everything paid for metered usage under a license so far. */
export async function usagePaid(client: ChainReader, deployment: Deployment, licenseId: bigint): Promise<bigint> {
  const events = await client.getContractEvents({
    address: contractAddress(deployment, "UsageMeter"),
    abi: usageMeterAbi,
    eventName: "UsagePaid",
    args: { licenseId },
    fromBlock: BigInt(deployment.startBlock),
  });
  return events.reduce((sum, e) => sum + (e.args.amount ?? 0n), 0n);
}
