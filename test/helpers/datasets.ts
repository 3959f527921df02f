import { datasetsAbi, superfluidPoolAbi } from "@ipnft/protocol/abis";
import {
  addMembers,
  createDataset,
  type DatasetMember,
  type MemberConsent,
  memberConsentTypedData,
  newConsentNonce,
  openedDataset,
  removeMembers,
} from "@ipnft/protocol/verbs";
import type { Address, Hex } from "viem";
import { type Chain, Kind, register, send, type Wallet } from "./protocol";

export const datasetsAddress = (chain: Chain) => chain.deployment.contracts.Datasets as Address;

/** Registers a dataset IP as `curator` and opens it keeping `curatorBps`; returns its id and pool. */
export async function openDataset(chain: Chain, curator: Wallet, curatorBps: number, termsIds: bigint[] = []) {
  const { ipId } = await register(chain, curator, { kind: Kind.Dataset, termsIds });
  const receipt = await send(chain, curator, createDataset(chain.deployment, ipId, curatorBps));
  const opened = openedDataset(receipt.logs);
  if (!opened) throw new Error("openDataset recorded no DatasetOpened event");
  return { datasetId: ipId, pool: opened.pool, unitsPerWeight: opened.unitsPerWeight, receipt };
}

/** `owner` signs its consent to `memberIpId` joining `datasetId` with `weight` (valid for an hour by default). */
export async function signConsent(
  chain: Chain,
  owner: Wallet,
  datasetId: bigint,
  memberIpId: bigint,
  weight: number,
  o: { deadline?: bigint; nonce?: bigint } = {},
): Promise<MemberConsent & { kind: "signature" }> {
  const block = await chain.publicClient.getBlock();
  const deadline = o.deadline ?? block.timestamp + 3600n;
  const nonce = o.nonce ?? newConsentNonce();
  const signature: Hex = await owner.signTypedData({
    account: owner.account,
    ...memberConsentTypedData(chain.deployment, { datasetId, memberIpId, weight, deadline, nonce }),
  });
  return { kind: "signature", deadline, nonce, signature };
}

export type MemberWithConsent = DatasetMember & { consent: MemberConsent };

export async function add(chain: Chain, curator: Wallet, datasetId: bigint, members: MemberWithConsent[]) {
  return send(chain, curator, addMembers(chain.deployment, datasetId, members));
}

export async function remove(chain: Chain, curator: Wallet, datasetId: bigint, ipIds: bigint[]) {
  return send(chain, curator, removeMembers(chain.deployment, datasetId, ipIds));
}

/** Simulates adding `members` as `curator`: rejects with the contract's custom error when it would revert. */
export function simulateAdd(chain: Chain, curator: Wallet, datasetId: bigint, members: MemberWithConsent[]) {
  return chain.publicClient.simulateContract({
    ...addMembers(chain.deployment, datasetId, members),
    account: curator.account,
  } as never);
}

export async function payeeOf(chain: Chain, ipId: bigint): Promise<Address> {
  return chain.publicClient.readContract({
    address: datasetsAddress(chain),
    abi: datasetsAbi,
    functionName: "payeeOf",
    args: [ipId],
  });
}

/** What `member` can claim from `pool` at the latest block's time. */
export async function claimable(chain: Chain, pool: Address, member: Address): Promise<bigint> {
  const { timestamp } = await chain.publicClient.getBlock();
  const amount = await chain.publicClient.readContract({
    address: pool,
    abi: superfluidPoolAbi,
    functionName: "getClaimable",
    args: [member, Number(timestamp)],
  });
  return BigInt(amount);
}
