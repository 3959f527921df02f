import { encodeAbiParameters, type Hex, keccak256, zeroHash } from "viem";
import type { Deployment } from "../deployment";
import { datasetsAbi } from "../generated/abis";
import { type ChainReader, contractAddress } from "./request";

/**
 * The member list of a dataset, verified: the Datasets contract keeps a running commitment over every addition and
 * removal, `keccak256(abi.encode(previous, op, memberIpId, keccak256(contentCid), weight))` (op 1 adds, 2 removes with
 * weight 0), starting from zero. Anyone can rebuild the list from the `MemberAdded` and `MemberRemoved` events and
 * check it against the commitment the contract holds.
 */

export const MEMBER_ADDED = 1;
export const MEMBER_REMOVED = 2;

/** One addition or removal, in chain order. */
export interface MemberChange {
  op: typeof MEMBER_ADDED | typeof MEMBER_REMOVED;
  ipId: bigint;
  contentCid: Hex;
  weight: number;
  /** The commitment the event says the contract held after this change. */
  commitment?: Hex;
}

/** The commitment after `change`, from the one before it. */
export function nextCommitment(previous: Hex, change: Omit<MemberChange, "commitment">): Hex {
  const weight = change.op === MEMBER_REMOVED ? 0 : change.weight;
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "uint8" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint32" }],
      [previous, change.op, change.ipId, keccak256(change.contentCid), weight],
    ),
  );
}

export interface DatasetMemberEntry {
  ipId: bigint;
  contentCid: Hex;
  weight: number;
}

export type Replay =
  | { ok: true; commitment: Hex; members: DatasetMemberEntry[] }
  | { ok: false; commitment: Hex; members: DatasetMemberEntry[]; problem: string };

/**
 * Replays `changes` (in chain order) from the empty list: the members at the end and the commitment. Fails, naming
 * the first change, when an event's own commitment disagrees with the replay, when a work is added twice or removed
 * without being a member.
 */
export function replayMembers(changes: readonly MemberChange[]): Replay {
  let commitment: Hex = zeroHash;
  const members = new Map<bigint, DatasetMemberEntry>();
  const fail = (problem: string): Replay => ({ ok: false, commitment, members: [...members.values()], problem });
  for (const [i, change] of changes.entries()) {
    if (change.op === MEMBER_ADDED && members.has(change.ipId)) return fail(`change ${i} adds #${change.ipId} twice`);
    if (change.op === MEMBER_REMOVED && !members.has(change.ipId)) {
      return fail(`change ${i} removes #${change.ipId}, which is not a member`);
    }
    commitment = nextCommitment(commitment, change);
    if (change.commitment !== undefined && change.commitment !== commitment) {
      return fail(
        `change ${i} (#${change.ipId}) records commitment ${change.commitment}, the replay gives ${commitment}`,
      );
    }
    if (change.op === MEMBER_ADDED) {
      members.set(change.ipId, { ipId: change.ipId, contentCid: change.contentCid, weight: change.weight });
    } else {
      members.delete(change.ipId);
    }
  }
  return { ok: true, commitment, members: [...members.values()] };
}

type Ordered = { blockNumber: bigint | null; logIndex: number | null };
const byChainOrder = (a: Ordered, b: Ordered) =>
  a.blockNumber === b.blockNumber
    ? (a.logIndex ?? 0) - (b.logIndex ?? 0)
    : (a.blockNumber ?? 0n) < (b.blockNumber ?? 0n)
      ? -1
      : 1;

/**
 * Rebuilds dataset `datasetId`'s member list from the chain's events and checks it against the commitment the
 * contract holds now: `ok` only when every event's commitment and the final one agree.
 */
export async function verifyDatasetMembers(
  client: ChainReader,
  deployment: Pick<Deployment, "chainId" | "contracts" | "startBlock">,
  datasetId: bigint,
): Promise<Replay & { onChain: Hex }> {
  const address = contractAddress(deployment, "Datasets");
  const fromBlock = BigInt(deployment.startBlock);
  const [added, removed, onChain] = await Promise.all([
    client.getContractEvents({ address, abi: datasetsAbi, eventName: "MemberAdded", args: { datasetId }, fromBlock }),
    client.getContractEvents({ address, abi: datasetsAbi, eventName: "MemberRemoved", args: { datasetId }, fromBlock }),
    client.readContract({ address, abi: datasetsAbi, functionName: "membersCommitment", args: [datasetId] }),
  ]);
  const changes = [
    ...added.map((e) => ({
      ...e,
      change: {
        op: MEMBER_ADDED,
        ipId: e.args.memberIpId as bigint,
        contentCid: e.args.contentCid as Hex,
        weight: Number(e.args.weight),
        commitment: e.args.commitment as Hex,
      } satisfies MemberChange,
    })),
    ...removed.map((e) => ({
      ...e,
      change: {
        op: MEMBER_REMOVED,
        ipId: e.args.memberIpId as bigint,
        contentCid: e.args.contentCid as Hex,
        weight: 0,
        commitment: e.args.commitment as Hex,
      } satisfies MemberChange,
    })),
  ].sort(byChainOrder);
  const replay = replayMembers(changes.map((c) => c.change));
  if (replay.ok && replay.commitment !== onChain) {
    return {
      ...replay,
      ok: false,
      problem: `the events give commitment ${replay.commitment}, the contract holds ${onChain}`,
      onChain,
    };
  }
  return { ...replay, onChain };
}
