import type { Address } from "viem";

/**
 * A dataset as the chain holds it: its curator, the share the curator keeps, and every work ever added as a member,
 * with its weight and the blocks it was added and (if so) removed at. The gateway decides from this, read at the
 * block access was judged at, which member files a dataset license lets out.
 */
export interface DatasetMember {
  ipId: bigint;
  weight: bigint;
  addedBlock: bigint;
  /** 0 while the work is a member. */
  removedBlock: bigint;
  /** Seconds since the epoch of `removedBlock` (0 while a member): licenses that started before it keep the file. */
  removedAt: number;
}

export interface Dataset {
  ipId: bigint;
  curator: Address;
  curatorShareBps: number;
  /** Every work ever added, in the order added; removed ones carry their removal block. */
  members: DatasetMember[];
}

export interface DatasetMembership {
  /** The dataset registered as `ipId`, at `block`; undefined when that IP is no dataset. */
  dataset(ipId: bigint, block: bigint): Promise<Dataset | undefined>;
}

/**
 * Whether a license that started at `licenseStart` (seconds) lets `member` out: a current member always (a dataset
 * license covers what the dataset holds now, members added later included); a removed one only to licenses bought
 * while it was still in, since a removal stops the file being served under new dataset licenses.
 */
export function memberCovered(member: DatasetMember, licenseStart: number): boolean {
  return member.removedBlock === 0n || licenseStart < member.removedAt;
}
