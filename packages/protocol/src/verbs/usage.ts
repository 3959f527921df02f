import type { Hex } from "viem";
import type { Deployment } from "../deployment";
import { usageMeterAbi } from "../generated/abis";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

/**
 * Metered usage: the licensee signs EIP-712 receipts for the cumulative units (files) it has used under a license;
 * anyone settles them on chain, paying units x price into the work's pool. A replayed receipt changes nothing.
 */

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** A licensee's word for how many units it has used under a license, in total. */
export interface UsageReceipt {
  licenseId: bigint;
  cumulativeUnits: bigint;
}

/** `UsageReceipt(uint256 licenseId,uint64 cumulativeUnits)`, as UsageMeter hashes it. */
export const usageReceiptTypes = {
  UsageReceipt: [
    { name: "licenseId", type: "uint256" },
    { name: "cumulativeUnits", type: "uint64" },
  ],
} as const;

/**
 * The typed data a licensee signs (viem's `signTypedData`, wagmi's `signTypedDataAsync`), in the UsageMeter's own
 * domain: it names the contract that settles the receipt, so a receipt for one deployment is worthless on another.
 */
export function usageReceiptTypedData(deployment: Contracts, receipt: UsageReceipt) {
  return {
    domain: {
      name: "IPNFT UsageMeter",
      version: "1",
      chainId: deployment.chainId,
      verifyingContract: contractAddress(deployment, "UsageMeter"),
    },
    types: usageReceiptTypes,
    primaryType: "UsageReceipt",
    message: { licenseId: receipt.licenseId, cumulativeUnits: receipt.cumulativeUnits },
  } as const;
}

/** Settles one signed receipt: the units not yet reported are charged to the licensee and paid into the pool. */
export function settleUsage(deployment: Contracts, receipt: UsageReceipt, signature: Hex) {
  const { licenseId, cumulativeUnits } = receipt;
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "settle", [
    { licenseId, cumulativeUnits },
    signature,
  ]);
}

/** Settles several signed receipts in one transaction. */
export function settleUsageBatch(deployment: Contracts, receipts: ReadonlyArray<UsageReceipt & { signature: Hex }>) {
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "settleBatch", [
    receipts.map(({ licenseId, cumulativeUnits }) => ({ licenseId, cumulativeUnits })),
    receipts.map((r) => r.signature),
  ]);
}

/** Pays the units settlement could not charge (the meter was not allowed to take them), lifting a suspension. */
export function payOutstanding(deployment: Contracts, licenseId: bigint) {
  return contractWrite(contractAddress(deployment, "UsageMeter"), usageMeterAbi, "payOutstanding", [licenseId]);
}

/** Paying outstanding usage with the approval it needs: the meter may take `owed` (unless `allowance` covers it). */
export function payUsageSteps(
  deployment: Deployment,
  payment: { licenseId: bigint; owed: bigint; allowance?: bigint },
): Step<"approve" | "payOutstanding">[] {
  const { licenseId, owed, allowance } = payment;
  return withApproval(
    deployment,
    { spender: contractAddress(deployment, "UsageMeter"), amount: owed, allowance },
    { step: "payOutstanding", request: payOutstanding(deployment, licenseId) },
  );
}

/** The units reported under a license and those paid for. */
export async function usageOf(client: ChainReader, deployment: Contracts, licenseId: bigint) {
  const { reported, paid } = await client.readContract({
    address: contractAddress(deployment, "UsageMeter"),
    abi: usageMeterAbi,
    functionName: "usageOf",
    args: [licenseId],
  });
  return { reported: BigInt(reported), paid: BigInt(paid) };
}

/** Units reported under a license that are not paid for yet. */
export async function unpaidUnits(client: ChainReader, deployment: Contracts, licenseId: bigint): Promise<bigint> {
  return BigInt(
    await client.readContract({
      address: contractAddress(deployment, "UsageMeter"),
      abi: usageMeterAbi,
      functionName: "unpaidUnits",
      args: [licenseId],
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
