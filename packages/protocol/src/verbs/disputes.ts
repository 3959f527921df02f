import { type Address, type Log, parseEventLogs } from "viem";
import type { Deployment } from "../deployment";
import { disputesAbi } from "../generated/abis";
import { withApproval } from "./currency";
import { type ChainReader, contractAddress, contractWrite, type Step } from "./request";

type Contracts = Pick<Deployment, "chainId" | "contracts">;

/** What a dispute brings against an IP: the earlier IP it copies (0n if none here), a similarity and a URI. */
export interface DisputeEvidence {
  earlierIpId: bigint;
  /** How similar the two are, in basis points (0..10000). */
  similarityBps: number;
  /** Where the rest of the evidence lives (https://, ipfs://…). */
  uri: string;
}

/** The statuses a dispute passes through, in the contract's order. */
export const disputeStatuses = ["none", "open", "upheld", "rejected", "expired"] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

/** One dispute as the chain records it. */
export interface Dispute {
  disputeId: bigint;
  ipId: bigint;
  earlierIpId: bigint;
  similarityBps: number;
  status: DisputeStatus;
  /** Block time, seconds. */
  openedAt: number;
  /** Block time of the ruling or expiry, seconds; 0 while open. */
  closedAt: number;
  disputer: Address;
  /** The bond, in the SuperToken's 18 decimals. */
  bond: bigint;
  evidenceUri: string;
}

/** Opens a dispute on `ipId` with `evidence`; the contract pulls the current bond from the sender. */
export function openDispute(deployment: Contracts, ipId: bigint, evidence: DisputeEvidence) {
  return contractWrite(contractAddress(deployment, "Disputes"), disputesAbi, "openDispute", [ipId, evidence]);
}

/**
 * Opening a dispute with the approval its bond needs: the Disputes contract may take `bond` of the SuperToken
 * (unless `allowance` already covers it), then the dispute.
 */
export function openDisputeSteps(
  deployment: Deployment,
  dispute: { ipId: bigint; evidence: DisputeEvidence; bond: bigint; allowance?: bigint },
): Step<"approve" | "openDispute">[] {
  const { ipId, evidence, bond, allowance } = dispute;
  return withApproval(
    deployment,
    { spender: contractAddress(deployment, "Disputes"), amount: bond, allowance },
    { step: "openDispute", request: openDispute(deployment, ipId, evidence) },
  );
}

/** The arbiter's ruling: upheld flags the IP for good and returns the bond; rejected pays it to the IP's owner. */
export function ruleDispute(deployment: Contracts, disputeId: bigint, upheld: boolean) {
  return contractWrite(contractAddress(deployment, "Disputes"), disputesAbi, "rule", [disputeId, upheld]);
}

/** Closes a dispute nobody ruled on within the window (anyone may): the bond returns, the pause lifts. */
export function closeExpiredDispute(deployment: Contracts, disputeId: bigint) {
  return contractWrite(contractAddress(deployment, "Disputes"), disputesAbi, "closeExpired", [disputeId]);
}

/** The id of the dispute an opening's receipt records, or undefined when it records none. */
export function openedDisputeId(logs: readonly Log[]): bigint | undefined {
  return parseEventLogs({ abi: disputesAbi, eventName: "DisputeOpened", logs: logs as Log[] })[0]?.args.disputeId;
}

/** Dispute `disputeId` (status "none" for an id never used). */
export async function disputeOf(client: ChainReader, deployment: Contracts, disputeId: bigint): Promise<Dispute> {
  const d = await client.readContract({
    address: contractAddress(deployment, "Disputes"),
    abi: disputesAbi,
    functionName: "getDispute",
    args: [disputeId],
  });
  return {
    disputeId,
    ipId: d.ipId,
    earlierIpId: d.earlierIpId,
    similarityBps: d.similarityBps,
    status: disputeStatuses[d.status] ?? "none",
    openedAt: d.openedAt,
    closedAt: d.closedAt,
    disputer: d.disputer,
    bond: d.bond,
    evidenceUri: d.evidenceUri,
  };
}

/** Whether new licenses, derivatives and share sales of an IP are paused, and by which dispute. */
export interface DisputePause {
  /** The open dispute (new sales paused until it ends), or undefined. */
  openDisputeId?: bigint;
  /** The upheld dispute that flagged the IP for good, or undefined. */
  flaggedBy?: bigint;
}

/** The pause an IP is under now: none, an open dispute, or a flag for good. */
export async function disputePauseOf(client: ChainReader, deployment: Contracts, ipId: bigint): Promise<DisputePause> {
  const [open, flagged] = await client.readContract({
    address: contractAddress(deployment, "Disputes"),
    abi: disputesAbi,
    functionName: "pauseOf",
    args: [ipId],
  });
  return { openDisputeId: open === 0n ? undefined : open, flaggedBy: flagged === 0n ? undefined : flagged };
}

/** The arbiter, the bond a new dispute takes, and how long the arbiter has to rule (seconds). */
export async function disputeSettings(client: ChainReader, deployment: Contracts) {
  const address = contractAddress(deployment, "Disputes");
  const [arbiter, bond, window] = await Promise.all([
    client.readContract({ address, abi: disputesAbi, functionName: "arbiter" }),
    client.readContract({ address, abi: disputesAbi, functionName: "bond" }),
    client.readContract({ address, abi: disputesAbi, functionName: "RULING_WINDOW" }),
  ]);
  return { arbiter, bond, rulingWindow: Number(window) };
}
